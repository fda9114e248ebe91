#!/usr/bin/env bash
# Synthesizes the CDK app (infra/, with cdk.json's placeholder settings, offline) and runs cfn-lint
# over every template: fails on any error, lists the warnings. cfn-lint 1.51.0 comes with these
# machines' Python (it is in neither apt nor npm); the pipeline pins the same version.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CFN_LINT_VERSION="1.51.0"
CDK_CLI="aws-cdk@2.1148.1"

if ! command -v cfn-lint >/dev/null; then
  echo "FAIL: cfn-lint is missing: it comes with this machine's Python (pip install cfn-lint==$CFN_LINT_VERSION where PyPI is reachable)"
  exit 1
fi
version="$(cfn-lint --version | awk '{print $2}')"
[[ "$version" == "$CFN_LINT_VERSION" ]] || echo "note: cfn-lint $version, the pipeline uses $CFN_LINT_VERSION"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
if ! (cd "$REPO_ROOT/infra" && npx --yes "$CDK_CLI" synth --quiet --output "$out" > "$out.synth.log" 2>&1); then
  cat "$out.synth.log"; rm -f "$out.synth.log"
  echo "FAIL: cdk synth"; exit 1
fi
rm -f "$out.synth.log"
templates=("$out"/*.template.json)
echo "linting ${#templates[@]} templates: $(basename -a "${templates[@]}" | tr '\n' ' ')"

status=0
cfn-lint --format parseable "${templates[@]}" > "$out/findings.txt" || status=$?
errors="$(grep -c ':E[0-9]' "$out/findings.txt" || true)"
warnings="$(grep -c ':W[0-9]' "$out/findings.txt" || true)"
echo "cfn-lint $version: $errors errors, $warnings warnings"
# Each warning rule once, with how often and one example.
awk -F: '{ rule = $6; sub(/ .*/, "", rule); if (!(rule in seen)) { seen[rule] = $0 } count[rule]++ }
         END { for (rule in count) printf "  %s x%d  %s\n", rule, count[rule], seen[rule] }' "$out/findings.txt" | sed "s|$out/||" | sort
# cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational.
if (( status & 2 )) || (( status & 1 )); then
  echo "FAIL: cfn-lint found errors"
  exit 1
fi
echo "PASS: cfn-lint, no errors"
