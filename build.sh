#!/bin/sh
# build.sh - set up, build and run scta on a fresh Debian 12 machine.
#
#   ./build.sh run    install what is missing, build, run the main job on the
#                     bundled sample data (outputs under output/)
#   ./build.sh test   install what is missing, build, run every test (ctest),
#                     then the tests again under AddressSanitizer/UBSan, then the
#                     libFuzzer targets for 20 s each (clang and libFuzzer come with
#                     the test packages)
#   ./build.sh build  install and build only
#
# Packages come from Debian (apt-get); `test` also installs the browser-check tools
# of tests/tools/package-lock.json with npm (no browser, no Java: Debian's are used).
set -eu
cd "$(dirname "$0")"

BUILD_PKGS="gcc make cmake pkg-config libsqlite3-dev libssl-dev libxlsxwriter-dev libhpdf-dev
  libiniparser-dev libcsv-dev libmd4c-dev zlib1g-dev fonts-dejavu-core fonts-wqy-microhei
  python3 python3-fonttools"
TEST_PKGS="libcmocka-dev python3-openpyxl poppler-utils qpdf valgrind libreoffice-calc-nogui
  clang libclang-rt-14-dev chromium nodejs default-jre-headless"

say() { printf '%s\n' "build.sh: $*" >&2; }

install_pkgs() {
  missing=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  say "installing:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

build() { # build DIR [cmake options]
  dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)" >/dev/null
}

case "${1:-}" in
  build)
    install_pkgs $BUILD_PKGS
    build build -DSCTA_TESTS=OFF
    say "built build/scta"
    ;;
  run)
    install_pkgs $BUILD_PKGS
    build build -DSCTA_TESTS=OFF
    say "running: build/scta -c config/scta.ini run"
    exec ./build/scta -c config/scta.ini run
    ;;
  test)
    install_pkgs $BUILD_PKGS $TEST_PKGS
    # npm: Debian's package, unless the nodejs installed brings its own (NodeSource's
    # does, and conflicts with Debian's npm).
    command -v npm >/dev/null 2>&1 || install_pkgs npm
    # The browser checks of the HTML edition (case/html_a11y): puppeteer-core,
    # axe-core and vnu-jar at the versions of tests/tools/package-lock.json. No
    # browser is downloaded (puppeteer-core drives Debian's chromium) and no Java
    # either (--ignore-scripts: vnu-jar's postinstall would fetch one; Debian's runs
    # vnu.jar). When npm cannot reach its registry, case/html_a11y fails saying so.
    if ! (cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null); then
      say "npm ci in tests/tools failed: case/html_a11y will fail"
    fi
    # SCTA_TESTS=ON explicitly: `run` may have configured build/ without tests, and CMake
    # keeps cached options. --no-tests=error: a build without tests must not pass.
    build build -DSCTA_TESTS=ON
    say "tests (release build)"
    ctest --test-dir build --output-on-failure --no-tests=error -j 2
    build build-asan -DSCTA_TESTS=ON -DSCTA_SANITIZE=ON
    say "tests (AddressSanitizer + UBSan build)"
    ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan --output-on-failure --no-tests=error \
      -j 2 -LE slow
    # The libFuzzer targets of tests/fuzz, SCTA_FUZZ_SECONDS (default 20) each. clang and
    # its libFuzzer runtime are test packages, so they always run: a missing libFuzzer
    # (tests/fuzz/run.sh exits 77) fails the suite rather than skip it unseen.
    say "fuzzing (tests/fuzz/run.sh ${SCTA_FUZZ_SECONDS:-20})"
    st=0
    tests/fuzz/run.sh "${SCTA_FUZZ_SECONDS:-20}" || st=$?
    if [ "$st" -eq 77 ]; then
      say "clang cannot build libFuzzer targets (packages: clang libclang-rt-14-dev)"
      exit 1
    fi
    [ "$st" -eq 0 ] || exit "$st"
    ;;
  *)
    echo "usage: ./build.sh run | test | build" >&2
    exit 2
    ;;
esac
