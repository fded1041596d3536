#!/usr/bin/env bash
# The integration and browser tests drive real Debian programs (Chromium, Prometheus and
# Alertmanager) and read HashiCorp's Terraform JSON fixtures from a Debian package.
# Installs the missing ones when it can (root with apt), otherwise says what to install.
set -euo pipefail

declare -A binaries=([chromium]=/usr/bin/chromium [prometheus]=/usr/bin/prometheus [prometheus-alertmanager]=/usr/bin/prometheus-alertmanager [git]=/usr/bin/git [golang-github-hashicorp-terraform-json-dev]=/usr/share/gocode/src/github.com/hashicorp/terraform-json/testdata)
missing=()
for package in "${!binaries[@]}"; do
  [ -x "${binaries[$package]}" ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "test setup: installing Debian packages ${missing[*]} (once; the tests drive them as real peers)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "test setup: done"
else
  echo "test setup: the tests need these Debian packages: ${missing[*]}" >&2
  echo "            install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
