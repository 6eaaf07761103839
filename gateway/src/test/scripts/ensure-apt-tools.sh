#!/usr/bin/env bash
# Makes sure the programs the tests start are installed: the Mosquitto broker (upstream-mode tests) and Chromium with
# its WebDriver (web app tests in a real browser). Each argument is PROGRAM=PACKAGE; the packages whose program is
# missing are installed from apt, in one `apt-get update` and one install, when this user may install packages; else
# the script says what to install and fails. Run by the build before tests.
set -euo pipefail
missing=()
for pair in "$@"; do
  program="${pair%%=*}"
  package="${pair#*=}"
  if [ ! -x "$program" ]; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  echo "installing ${missing[*]} (programs the tests start) from apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  exit 0
fi
echo "the tests need: ${missing[*]}; install them with 'sudo apt-get install ${missing[*]}' (or your system's packages)" >&2
exit 1
