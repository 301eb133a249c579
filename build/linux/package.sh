#!/usr/bin/env bash
# Turns the one-dir bundle dist/agentdesk (`make bundle`) into
#   dist/agentdesk_<version>_amd64.deb               for apt / IT software distribution
#   dist/agentdesk-<version>-linux-x86_64.tar.gz     for everything else (unpack and run)
#
# The .deb installs the bundle under /opt/agentdesk, links /usr/bin/agentdesk, adds a .desktop
# entry and an SVG icon, and ships /etc/xdg/agentdesk/agentdesk.toml as a conffile (IT's
# system-wide settings; dpkg keeps local edits on upgrade). Run from anywhere: `make package-linux`.
set -euo pipefail

cd "$(dirname "$0")/../.."
here=build/linux
bundle=dist/agentdesk
umask 022

if [[ ! -x "$bundle/agentdesk" ]]; then
    echo "package.sh: $bundle/agentdesk not found; run 'make bundle' first" >&2
    exit 1
fi
version=$("$bundle/agentdesk" --version | awk '{print $2}')
arch=amd64
deb="dist/agentdesk_${version}_${arch}.deb"
tarball="dist/agentdesk-${version}-linux-x86_64.tar.gz"

stage=.pyi-work/package
rm -rf "$stage"
root="$stage/deb"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/scalable/apps" "$root/etc/xdg/agentdesk"

cp -a "$bundle" "$root/opt/agentdesk"
ln -s /opt/agentdesk/agentdesk "$root/usr/bin/agentdesk"
install -m 0644 "$here/agentdesk.desktop" "$root/usr/share/applications/agentdesk.desktop"
install -m 0644 resources/icons/agentdesk.svg \
    "$root/usr/share/icons/hicolor/scalable/apps/agentdesk.svg"
install -m 0644 "$here/agentdesk.toml" "$root/etc/xdg/agentdesk/agentdesk.toml"
echo "/etc/xdg/agentdesk/agentdesk.toml" >"$root/DEBIAN/conffiles"

installed_kib=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
# Libraries the bundle expects from the system (PyInstaller leaves libc, GL/EGL, libdrm and
# some xcb libraries out on purpose; found with readelf -d over dist/agentdesk). glibc 2.36
# is that of the build machine (Debian 12): build on the oldest distribution you support.
cat >"$root/DEBIAN/control" <<EOF
Package: agentdesk
Version: ${version}
Architecture: ${arch}
Maintainer: AgentDesk team <agentdesk@example-bank.invalid>
Section: misc
Priority: optional
Installed-Size: ${installed_kib}
Depends: libc6 (>= 2.36), libgl1, libegl1, libdrm2, libxcb1, libxcb-icccm4, libxcb-keysyms1, libfontconfig1, libdbus-1-3
Recommends: gnome-keyring | kwalletmanager, fonts-wqy-microhei | fonts-noto-cjk, libwayland-client0, libwayland-cursor0, libwayland-egl1
Description: AgentDesk contact-center agent workstation for banks
 Screen-pop of the caller, customer 360, scripted service flows with
 disclosures and suitability checks, complaint tickets with regulatory
 clocks, and a supervisor console; keeps working offline with an
 encrypted local cache. Also contains the AgentDesk backend server.
EOF

# xz (dpkg's default) makes the smallest .deb; DEB_COMPRESSION=gzip is much faster to build.
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1))"

tar_root="$stage/agentdesk-${version}"
cp -a "$bundle" "$tar_root"
install -m 0644 "$here/agentdesk.desktop" "$tar_root/agentdesk.desktop"
install -m 0644 resources/icons/agentdesk.svg "$tar_root/agentdesk.svg"
install -m 0644 "$here/agentdesk.toml" "$tar_root/agentdesk.toml.example"
tar --sort=name --owner=0 --group=0 --numeric-owner -czf "$tarball" -C "$stage" \
    "agentdesk-${version}"
echo "built $tarball ($(du -h "$tarball" | cut -f1))"
rm -rf "$stage"
