#!/usr/bin/env bash
# Proves the packages IT installs: the .deb and the .tar.gz that build/linux/package.sh made
# from the bundle in dist/, each installed as IT would, self-tested and run (a headless demo)
# from where it was installed, then removed again.
#
# The .deb goes into a throwaway root (dpkg --root, with a dpkg database of its own), never
# into this machine: installed, its self-test and demo run from <root>/opt/agentdesk, IT's
# system file edited, then upgraded by a newer version (the edit and every user's files stay),
# removed (the conffile stays, as a conffile should) and purged (it goes). The .tar.gz is
# unpacked into a temporary folder and run from there. Any step that fails fails the script.
#
#   bash build/linux/install_check.sh            (after make bundle && bash build/linux/package.sh)
set -euo pipefail

cd "$(dirname "$0")/../.."
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}  # headless: CI has no display
bundle=dist/agentdesk
version=$("$bundle/agentdesk" --version | awk '{print $2}')
deb="dist/agentdesk_${version}_amd64.deb"
tarball="dist/agentdesk-${version}-linux-x86_64.tar.gz"
conffile=etc/xdg/agentdesk/agentdesk.toml
min_screenshot_bytes=20000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { echo "-- $*"; }
fail() {
    echo "install check: $*" >&2
    exit 1
}

# dpkg with its own database under the throwaway root; the package's Depends name system
# libraries this root does not list (the machine has them), and it has no maintainer scripts.
root_dpkg() {
    dpkg --root="$root" --force-not-root --force-depends --force-script-chrootless \
        --log="$root/var/log/dpkg.log" "$@"
}

# The installed program's self-test and a headless demo that pops a call and saves a window:
# run_installed PROGRAM LABEL SYSTEM_FILE [HOME_LABEL]
run_installed() {
    local program=$1 label=$2 home="$work/home-${4:-$2}" out status=0
    [[ -x $program ]] || fail "$label: no executable at $program"
    out=$(AGENTDESK_HOME="$home" AGENTDESK_SYSTEM_CONFIG="$3" "$program" self-test) || status=$?
    echo "$out" | sed "s/^/   [$label] /"
    ((status == 0)) || fail "$label: the installed self-test failed"
    grep -q "^\[ok\] install: agentdesk $version" <<<"$out" ||
        fail "$label: the self-test does not name version $version"
    local shot="$work/$label.png"
    AGENTDESK_HOME="$home" AGENTDESK_SYSTEM_CONFIG="$3" timeout 300 \
        "$program" demo --screenshot "$shot" --exit-after 60 >"$work/$label-demo.log" 2>&1 ||
        { tail -20 "$work/$label-demo.log" >&2; fail "$label: the installed demo failed"; }
    [[ -f $shot ]] || fail "$label: the installed demo wrote no screenshot"
    (($(stat -c %s "$shot") >= min_screenshot_bytes)) || fail "$label: the screenshot is too small"
    say "$label: self-test passed, demo ran from $program ($(stat -c %s "$shot") byte screenshot)"
}

[[ -f $deb && -f $tarball ]] || fail "no packages for $version in dist/ (run build/linux/package.sh)"

# -- the .deb --------------------------------------------------------------------------------
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/log"
touch "$root/var/lib/dpkg/status"
root_dpkg -i "$deb" >/dev/null
say "deb: installed $deb into a throwaway root"
[[ $(readlink "$root/usr/bin/agentdesk") == /opt/agentdesk/agentdesk ]] ||
    fail "deb: /usr/bin/agentdesk does not point at /opt/agentdesk/agentdesk"
[[ -f $root/usr/share/applications/agentdesk.desktop ]] || fail "deb: no .desktop entry"
[[ -f $root/$conffile ]] || fail "deb: no system settings file at /$conffile"
run_installed "$root/opt/agentdesk/agentdesk" deb "$root/$conffile"

# IT edits the system file; a user has settings and a cache of their own.
echo '# edited by IT' >>"$root/$conffile"
user_file="$work/home-deb/config/agentdesk.toml"
mkdir -p "$(dirname "$user_file")"
echo '[desktop]' >"$user_file"
echo 'language = "zh_CN"' >>"$user_file"
user_state=$(cd "$work/home-deb" && find . -type f | sort | xargs sha256sum)

# The next version installs over this one: dpkg keeps the edited conffile, the user's files
# are not the package's to touch.
next="$work/agentdesk_${version}+next_amd64.deb"
unpacked="$work/next"
dpkg-deb -R "$deb" "$unpacked"
sed -i "s/^Version: .*/Version: ${version}+next/" "$unpacked/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip --build "$unpacked" "$next" >/dev/null
root_dpkg -i "$next" >/dev/null
[[ $(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Version}' agentdesk) == "${version}+next" ]] ||
    fail "deb: the upgrade did not install ${version}+next"
grep -q '^# edited by IT$' "$root/$conffile" || fail "deb: the upgrade lost IT's edit of /$conffile"
[[ $user_state == $(cd "$work/home-deb" && find . -type f | sort | xargs sha256sum) ]] ||
    fail "deb: the upgrade changed a user's files"
say "deb: upgraded to ${version}+next; IT's edit and the user's files kept"
# The upgraded program runs on the state the previous one left (demo database, cache, settings).
run_installed "$root/opt/agentdesk/agentdesk" deb-upgraded "$root/$conffile" deb

root_dpkg -r agentdesk >/dev/null
[[ ! -e $root/opt/agentdesk && ! -L $root/usr/bin/agentdesk ]] || fail "deb: remove left the program"
grep -q '^# edited by IT$' "$root/$conffile" || fail "deb: remove took the conffile"
say "deb: removed; /$conffile stays with IT's edit"
root_dpkg --purge agentdesk >/dev/null
[[ ! -e $root/$conffile ]] || fail "deb: purge left /$conffile"
say "deb: purged; nothing of it left"

# -- the .tar.gz -----------------------------------------------------------------------------
unpack="$work/tar"
mkdir -p "$unpack"
tar -xzf "$tarball" -C "$unpack"
program="$unpack/agentdesk-${version}/agentdesk"
run_installed "$program" tar "$unpack/agentdesk-${version}/agentdesk.toml.example"
rm -rf "$unpack"
[[ ! -e $program ]] || fail "tar: the unpacked folder did not go away"
say "tar: unpacked, run and removed"
echo "install check passed ($deb, $tarball)"
