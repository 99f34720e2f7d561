# The nightly over ssh, tried against an sshd of the test's own on the loopback address
# (tb/regress/test_sshlogin.sh): part of make test, its closing line "sshlogin: N passed, N failed".
.PHONY: sshlogin-tests

sshlogin-tests: $(BUILD)/mmucosim
	tb/regress/test_sshlogin.sh $(BUILD)/test-sshlogin
