#!/usr/bin/env bash
# RTL code coverage per module from Verilator coverage files (the coverage
# build's runs write them: rtl/rtl_cov.mk): the files merged with
# verilator_coverage, then per module the line, branch and toggle points and
# how many were hit. A point counts once however many instances the module
# has (the four harts' TLBs are one mmu_tlb), hit when any instance hit it.
#   tb/coverage/rtl_summary.sh MERGED.dat FILE.dat...
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: tb/coverage/rtl_summary.sh MERGED.dat FILE.dat..." >&2
  exit 2
fi
merged=$1
shift
verilator_coverage --write "$merged" "$@"
awk -F"'" '
  /^C / {
    n = split($2, kv, "\001")
    delete f
    for (i = 1; i <= n; i++) {
      split(kv[i], p, "\002")
      if (p[1] != "") f[p[1]] = p[2]
    }
    split(f["page"], pg, "/")
    type = pg[1]; sub(/^v_/, "", type)
    module = pg[2]; sub(/__.*/, "", module)
    count = $3 + 0
    key = type SUBSEP module SUBSEP f["f"] SUBSEP f["l"] SUBSEP f["n"] SUBSEP f["o"]
    if (!(key in seen)) { seen[key] = 1; points[type, module]++; modules[module] = 1; types[type] = 1 }
    if (count > 0 && !(key in hit)) { hit[key] = 1; hits[type, module]++ }
  }
  END {
    printf "%-14s %18s %18s %18s\n", "module", "line", "branch", "toggle"
    nt = split("line branch toggle", order, " ")
    for (m in modules) list[++nm] = m
    for (i = 1; i <= nm; i++) for (j = i + 1; j <= nm; j++) if (list[j] < list[i]) { t = list[i]; list[i] = list[j]; list[j] = t }
    for (i = 1; i <= nm; i++) {
      m = list[i]
      printf "%-14s", m
      for (k = 1; k <= nt; k++) {
        t = order[k]; np = points[t, m] + 0; h = hits[t, m] + 0
        all_p[t] += np; all_h[t] += h
        if (np) printf " %6d/%-6d %5.1f%%", h, np, 100 * h / np; else printf " %18s", "-"
      }
      printf "\n"
    }
    printf "%-14s", "all"
    for (k = 1; k <= nt; k++) { t = order[k]; printf " %6d/%-6d %5.1f%%", all_h[t], all_p[t], all_p[t] ? 100 * all_h[t] / all_p[t] : 100 }
    printf "\n"
  }' "$merged"
