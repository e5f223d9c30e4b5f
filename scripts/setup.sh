#!/usr/bin/env bash
# Installs every Debian package simrun needs, only when something is missing.
# Safe to run repeatedly; needs root (or sudo) on a fresh Debian machine.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git time
  libboost-program-options-dev libboost-random-dev
  libeigen3-dev libhdf5-dev hdf5-tools
  libspdlog-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libopenmpi-dev openmpi-bin
  librandom123-dev
  python3 python3-h5py python3-xarray python3-netcdf4 python3-numpy
  python3-matplotlib python3-jsonschema netcdf-bin
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
