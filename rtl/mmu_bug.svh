// Injected bugs, spelled one way. A bug site reads `MMU_BUG(BugName): in the
// mutant build (+define+MMU_MUTANTS) it is true when the bug selected at run
// time (bug_i) is BugName; in every other build it is the constant 0, so the
// production RTL is the specification's logic and `grep MMU_BUG rtl/` finds
// every site. The bug numbers and names come from rtl/mutants.txt (the
// generated mmu_bugs.svh, included by mmu_pkg.sv).
//
//   `MMU_BUG_PORT        the bug_i input, first in a module's port list
//   `MMU_BUG_CONNECT(s)  its connection in an instance, first in the list

`ifndef MMU_BUG_SVH
`define MMU_BUG_SVH

`ifdef MMU_MUTANTS
`define MMU_BUG(name) (bug_i == name)
`define MMU_BUG_PORT input logic [7:0] bug_i,
`define MMU_BUG_CONNECT(sig) .bug_i(sig),
`else
`define MMU_BUG(name) 1'b0
`define MMU_BUG_PORT
`define MMU_BUG_CONNECT(sig)
`endif

`endif
