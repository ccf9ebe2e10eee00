#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly unlocked GNOME Keyring, so tests
# use a real Secret Service and never touch the keyring of the person running them.
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool is missing (apt-get install -y dbus-x11 gnome-keyring)" >&2; exit 1; }
done
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
# Tells the keychain contract test (tests/support/keychain.ts) that this keyring is a throwaway one.
export REVERIE_THROWAWAY_KEYRING=1
dbus-run-session -- bash -c 'printf reverie | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' _ "$@"
