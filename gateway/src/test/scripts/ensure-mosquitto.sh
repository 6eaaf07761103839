#!/usr/bin/env bash
# Makes sure the Mosquitto broker the upstream-mode tests start (/usr/sbin/mosquitto) is installed: from apt when
# missing and this user may install packages, else a clear message. Run by the build before tests.
set -euo pipefail
if [ -x /usr/sbin/mosquitto ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  echo "installing mosquitto (the broker the upstream-mode tests start) from apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mosquitto > /dev/null
  exit 0
fi
echo "the tests need the Mosquitto broker: install it with 'sudo apt-get install mosquitto' (or your system's package)" >&2
exit 1
