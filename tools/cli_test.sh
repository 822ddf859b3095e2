#!/usr/bin/env bash
# CLI tests for xnsim: drive the built binary over scenarios/ and tools/testdata/ and
# check what a user sees: exit codes, error messages that name file and line, failure
# reports, byte-identical traces for a seed, and report files other tools can parse.
#
# usage: tools/cli_test.sh XNSIM_BINARY [GROUP...]
#   GROUP is one of: usage run validate bad-input failing determinism reports conformance
#   capacity graph explain explore golden diff
#   (default: all of them). Prints "N passed, N failed"; exits 1 if any check failed.
set -uo pipefail

readonly all_groups=(usage run validate bad-input failing determinism reports conformance capacity
  graph explain explore golden diff)

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  exit 2
fi
if [[ ! -x $1 ]]; then
  echo "cli_test: $1 is not an executable xnsim binary" >&2
  exit 2
fi
xnsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
groups=("$@")
if [[ ${#groups[@]} -eq 0 ]]; then
  groups=("${all_groups[@]}")
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/xnsim-cli.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

readonly bad_dir=tools/testdata/bad-input
readonly failing_dir=tools/testdata/failing

passed=0
failed=0
step=0

# result NAME OUTPUT_FILE [PROBLEM...]: a check passes when it has no problems.
result() {
  local name=$1 out=$2
  shift 2
  if [[ $# -eq 0 ]]; then
    passed=$((passed + 1))
    echo "PASS  $name"
    return
  fi
  failed=$((failed + 1))
  echo "FAIL  $name"
  local p
  for p in "$@"; do
    echo "      $p"
  done
  if [[ -n $out && -s $out ]]; then
    echo "      --- output (first 40 lines) ---"
    head -n 40 "$out" | sed 's/^/      | /'
  fi
}

# run_xnsim OUT ARGS...: runs xnsim with stdout and stderr in OUT; sets rc.
run_xnsim() {
  local out=$1
  shift
  "$xnsim" "$@" >"$out" 2>&1
  rc=$?
}

# new_out: a fresh output file name in the work directory.
new_out() {
  step=$((step + 1))
  echo "$work/out.$step"
}

# check_expect NAME EXPECT_FILE OUT RC: checks OUT and RC against an .expect file
# ("exit N" and "contains TEXT" lines; see tools/testdata/*/README.md).
check_expect() {
  local name=$1 expect=$2 out=$3 code=$4 line text
  local problems=()
  while IFS= read -r line || [[ -n $line ]]; do
    case $line in
      '' | '#'*) ;;
      'exit '*)
        [[ $code == "${line#exit }" ]] || problems+=("exit code $code, want ${line#exit }")
        ;;
      'contains '*)
        text=${line#contains }
        grep -qF -- "$text" "$out" || problems+=("output lacks: $text")
        ;;
      *) problems+=("cannot read $expect: $line") ;;
    esac
  done <"$expect"
  result "$name" "$out" "${problems[@]}"
}

# expect_rc NAME WANT OUT RC: only the exit code matters.
expect_rc() {
  local name=$1 want=$2 out=$3 code=$4
  if [[ $code == "$want" ]]; then
    result "$name" "$out"
  else
    result "$name" "$out" "exit code $code, want $want"
  fi
}

# The cases of a testdata folder: every NAME.expect with its NAME.yaml.
cases_in() {
  local f
  for f in "$1"/*.expect; do
    [[ -e $f ]] && echo "${f%.expect}"
  done
}

group_usage() {
  local out
  out=$(new_out)
  run_xnsim "$out" --help
  expect_rc "usage: xnsim --help exits 0" 0 "$out" "$rc"
  out=$(new_out)
  run_xnsim "$out"
  expect_rc "usage: xnsim without a command exits 2" 2 "$out" "$rc"
  out=$(new_out)
  run_xnsim "$out" run "$work/no-such-scenario.yaml"
  if [[ $rc == 2 ]] && grep -qF "no-such-scenario.yaml" "$out"; then
    result "usage: a missing scenario file exits 2 and is named" "$out"
  else
    result "usage: a missing scenario file exits 2 and is named" "$out" \
      "exit code $rc (want 2), or the file name is not in the output"
  fi
}

group_run() {
  local out json=$work/run.json
  local problems=()
  out=$(new_out)
  run_xnsim "$out" run scenarios/ --report "json=$json"
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  # Every scenario document under scenarios/ must have run, and every case passed.
  if [[ -s $json ]]; then
    local missing
    missing=$(python3 - "$json" scenarios <<'PY'
import json, os, re, sys

report = json.load(open(sys.argv[1]))
cases = report.get("cases", [])
ran = {c.get("name", "") for c in cases}
for c in cases:
    if c.get("outcome") != "passed":
        print(f"case {c.get('name')} {c.get('outcome')}")
name_re = re.compile(r"^metadata:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*[\"']?([^\"'\s]+)", re.M)
for dirpath, _, files in sorted(os.walk(sys.argv[2])):
    for f in sorted(files):
        if not f.endswith((".yaml", ".yml")):
            continue
        path = os.path.join(dirpath, f)
        for doc in re.split(r"^---[ \t]*$", open(path).read(), flags=re.M):
            if not re.search(r"^kind:[ \t]*Scenario[ \t]*$", doc, re.M):
                continue
            m = name_re.search(doc)
            if not m:
                print(f"{path}: no metadata.name found")
            elif not any(n == m.group(1) or n.startswith(m.group(1) + "[") for n in ran):
                print(f"{path}: scenario {m.group(1)} did not run")
PY
    ) || problems+=("could not read the JSON report")
    if [[ -n $missing ]]; then
      while IFS= read -r line; do problems+=("$line"); done <<<"$missing"
    fi
  else
    problems+=("no JSON report written")
  fi
  result "run: every scenario under scenarios/ runs and passes" "$out" "${problems[@]}"
}

group_validate() {
  local out c
  out=$(new_out)
  run_xnsim "$out" validate scenarios/
  expect_rc "validate: scenarios/ is valid" 0 "$out" "$rc"
  while IFS= read -r c; do
    out=$(new_out)
    run_xnsim "$out" validate "$c.yaml"
    check_expect "validate: $c.yaml is refused" "$c.expect" "$out" "$rc"
  done < <(cases_in "$bad_dir")
  while IFS= read -r c; do
    out=$(new_out)
    run_xnsim "$out" validate "$c.yaml"
    expect_rc "validate: $c.yaml is valid (it fails only when run)" 0 "$out" "$rc"
  done < <(cases_in "$failing_dir")
}

group_bad_input() {
  local out c
  while IFS= read -r c; do
    out=$(new_out)
    run_xnsim "$out" run "$c.yaml"
    check_expect "bad input: $c.yaml" "$c.expect" "$out" "$rc"
  done < <(cases_in "$bad_dir")
}

group_failing() {
  local out c
  while IFS= read -r c; do
    out=$(new_out)
    run_xnsim "$out" run "$c.yaml"
    check_expect "failing: $c.yaml" "$c.expect" "$out" "$rc"
  done < <(cases_in "$failing_dir")
}

group_determinism() {
  local out a=$work/trace-a.jsonl b=$work/trace-b.jsonl c=$work/trace-c.jsonl
  local problems=()
  out=$(new_out)
  run_xnsim "$out" run scenarios/ --seed 7 --trace "$a"
  [[ $rc == 0 ]] || problems+=("first run with --seed 7: exit code $rc")
  run_xnsim "$out" run scenarios/ --seed 7 --trace "$b"
  [[ $rc == 0 ]] || problems+=("second run with --seed 7: exit code $rc")
  if [[ ! -s $a ]]; then
    problems+=("--trace wrote nothing")
  elif ! cmp -s "$a" "$b"; then
    problems+=("two runs with --seed 7 wrote different traces: $(cmp "$a" "$b" 2>&1 | head -n 1)")
  fi
  result "determinism: --seed 7 twice gives byte-identical traces" "$out" "${problems[@]}"
  out=$(new_out)
  run_xnsim "$out" run scenarios/ --seed 8 --trace "$c"
  expect_rc "determinism: scenarios/ also pass with --seed 8" 0 "$out" "$rc"
}

group_reports() {
  local out json=$work/report.json junit=$work/report.xml
  local problems=()
  out=$(new_out)
  run_xnsim "$out" run scenarios/ --report "json=$json" --report "junit=$junit"
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  if [[ ! -s $json ]]; then
    problems+=("no JSON report written")
  elif ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$json" 2>"$work/json.err"; then
    problems+=("JSON report does not parse: $(tail -n 1 "$work/json.err")")
  fi
  if [[ ! -s $junit ]]; then
    problems+=("no JUnit report written")
  elif command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$junit" 2>"$work/xml.err" ||
      problems+=("JUnit report is not well-formed XML: $(head -n 1 "$work/xml.err")")
  else
    python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$junit" \
      2>"$work/xml.err" ||
      problems+=("JUnit report is not well-formed XML: $(tail -n 1 "$work/xml.err")")
  fi
  if [[ -s $junit ]] && ! grep -q '<testcase' "$junit"; then
    problems+=("JUnit report has no <testcase>")
  fi
  result "reports: --report json and junit write parseable files" "$out" "${problems[@]}"
}

# json_field FILE EXPR: a value from a JSON report, by a Python expression over `r`.
json_field() {
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

group_conformance() {
  local out md=$work/conf.md json=$work/conf.json junit=$work/conf.xml
  local problems=()
  out=$(new_out)
  run_xnsim "$out" conformance --report "md=$md" --report "json=$json" --report "junit=$junit"
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  grep -q '^CONFORMANT$' "$out" || problems+=("no CONFORMANT verdict")
  grep -q '^## Rules' "$md" 2>/dev/null || problems+=("the Markdown report has no rules table")
  [[ $(json_field "$json" 'r["conformance"]["conformant"]' 2>/dev/null) == True ]] ||
    problems+=("the JSON report does not say conformant")
  [[ $(json_field "$json" 'len(r["cases"]) >= 100') == True ]] || problems+=("fewer than 100 cases")
  [[ $(json_field "$json" 'all(rule["cases"] for rule in r["conformance"]["rules"])') == True ]] ||
    problems+=("a rule has no case")
  python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$junit" 2>/dev/null ||
    problems+=("the JUnit report is not well-formed XML")
  result "conformance: the whole suite is conformant and writes md, json and junit" "$out" "${problems[@]}"

  # Two shards, by flag and by GoogleTest's variables, merge into the whole run.
  problems=()
  out=$(new_out)
  run_xnsim "$out" conformance --shard 0/2 --report "json=$work/shard0.json"
  [[ $rc == 0 ]] || problems+=("shard 0/2: exit code $rc, want 0")
  out=$(new_out)
  GTEST_SHARD_INDEX=1 GTEST_TOTAL_SHARDS=2 "$xnsim" conformance --report "json=$work/shard1.json" >"$out" 2>&1 ||
    problems+=("shard 1 of 2 by GTEST_* variables failed")
  out=$(new_out)
  run_xnsim "$out" report merge "$work/shard0.json" "$work/shard1.json" -o "$work/merged.json" \
    --report "md=$work/merged.md"
  [[ $rc == 0 ]] || problems+=("report merge: exit code $rc, want 0")
  [[ $(json_field "$work/merged.json" 'len(r["cases"])') == $(json_field "$json" 'len(r["cases"])') ]] ||
    problems+=("the merged report does not hold every case of the whole run")
  [[ $(json_field "$work/merged.json" 'sorted(c["name"] for c in r["cases"]) == sorted(c["name"] for c in json.load(open("'"$json"'"))["cases"])') == True ]] ||
    problems+=("the merged cases differ from the whole run's")
  grep -q 'merged from 2 reports' "$work/merged.md" 2>/dev/null || problems+=("the merged Markdown does not say it was merged")
  out=$(new_out)
  run_xnsim "$out" report merge "$work/shard0.json" "$work/shard0.json"
  [[ $rc == 2 ]] || problems+=("merging a shard with itself: exit code $rc, want 2")
  result "conformance: --shard and GTEST_* shards merge into the whole run" "$out" "${problems[@]}"

  # A driver without CLONE_VOLUME: clone cases are skipped, never passed, and the
  # profile is not conformant; core alone is.
  problems=()
  out=$(new_out)
  run_xnsim "$out" conformance --driver conformance/drivers/snapshot-only.yaml
  [[ $rc == 1 ]] || problems+=("exit code $rc, want 1")
  grep -q 'pvc-clone .* no (.* skipped)' "$out" || problems+=("pvc-clone not reported as not conformant")
  grep -q 'requires CLONE_VOLUME, which driver block.csi.example.com does not report' "$out" ||
    problems+=("no skip reason naming the driver and the capability")
  out=$(new_out)
  run_xnsim "$out" conformance --driver conformance/drivers/snapshot-only.yaml --profile core
  [[ $rc == 0 ]] || problems+=("--profile core with the snapshot-only driver: exit code $rc, want 0")
  result "conformance: a driver without a capability skips its cases and is not conformant" "$out" "${problems[@]}"

  # Bad input: exit 2, with what is wrong.
  problems=()
  out=$(new_out)
  run_xnsim "$out" conformance --profile nope
  [[ $rc == 2 ]] && grep -q 'no such profile' "$out" || problems+=("--profile nope: exit $rc or no message")
  out=$(new_out)
  run_xnsim "$out" conformance --shard 2/2
  [[ $rc == 2 ]] && grep -q 'does not exist' "$out" || problems+=("--shard 2/2: exit $rc or no message")
  out=$(new_out)
  run_xnsim "$out" conformance --driver conformance/manifests/base.yaml
  [[ $rc == 2 ]] && grep -q 'base.yaml' "$out" || problems+=("a manifest as --driver: exit $rc or no file named")
  out=$(new_out)
  run_xnsim "$out" conformance --suite tools/testdata/bad-suite
  [[ $rc == 2 ]] && grep -q 'no-such-rule' "$out" && grep -q 'known-rule.*checked by no case' "$out" ||
    problems+=("an inconsistent suite: exit $rc, or the unknown rule and the unchecked rule not named")
  result "conformance: bad options, driver profiles and suites exit 2 and say why" "$out" "${problems[@]}"
}

# capacity_study NAME FILE PY_CHECK...: runs `xnsim capacity FILE`, then checks the HTML
# and summary.json; each PY_CHECK is a Python expression over the summary `r` and the
# cases by variant `c` that must be true.
capacity_study() {
  local name=$1 file=$2
  shift 2
  local dir=$work/capacity-$name out check
  local problems=()
  out=$(new_out)
  run_xnsim "$out" capacity "$file" --out "$dir"
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  grep -q '^report: ' "$out" || problems+=("the report's path is not printed")
  grep -q $'\r' "$out" && problems+=("a progress line went into output that is not a terminal")
  if [[ ! -s $dir/index.html ]]; then
    problems+=("no index.html")
  else
    local svgs
    svgs=$(grep -c '<svg' "$dir/index.html")
    [[ $svgs -ge 9 ]] || problems+=("index.html has $svgs charts, want at least 9")
    grep -qE '<script|https?://[^"]*\.(js|css)' "$dir/index.html" &&
      problems+=("index.html is not self-contained (script or remote asset)")
    for title in 'Latency distribution' 'Objects bound over time' 'Throughput' \
      'Storage over time' 'Accumulated storage cost' 'Work queue depth' \
      'Client-side throttling' 'CSI calls'; do
      grep -q "$title" "$dir/index.html" || problems+=("no chart titled '$title'")
    done
  fi
  for check in "$@"; do
    [[ $(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
c = {k["name"][k["name"].rfind("[") + 1:-1]: k for k in r["cases"]}
def lat(case, workload, q):
    for d in case["perfData"]["dataItems"]:
        if d["labels"]["Workload"] == workload: return d["data"][q] / 1000.0
def wl(case, workload):
    return next(w for w in case["workloads"] if w["name"] == workload)
print(eval(sys.argv[2]))' "$dir/summary.json" "$check" 2>&1) == True ]] || problems+=("summary.json: not true: $check")
  done
  result "capacity: $name writes a self-contained HTML report and the expected figures" "$out" "${problems[@]}"
}

group_capacity() {
  # The provisioner's default QPS 5 / burst 10 bounds provisioning at a few volumes per
  # second; tuned, the driver (16 volumes at once, 1 s each) is the bound.
  capacity_study provisioning-qps scenarios/capacity/provisioning-qps.yaml \
    'wl(c["default-qps"], "claims") == {"name": "claims", "created": 500, "bound": 500, "failed": 0}' \
    '500 / (10 + lat(c["default-qps"], "claims", "Max")) < 6' \
    '500 / (10 + lat(c["tuned-qps"], "claims", "Max")) > 12' \
    'lat(c["default-qps"], "claims", "Perc50") > 4 * lat(c["tuned-qps"], "claims", "Perc50")'
  # 80 snapshots at once: minutes with the default QPS, seconds raised (#1344).
  capacity_study snapshots-80 scenarios/capacity/snapshots-80.yaml \
    'wl(c["raised-qps"], "snapshots")["bound"] == 80' \
    '60 < lat(c["default-qps"], "snapshots", "Max") < 400' \
    'lat(c["raised-qps"], "snapshots", "Max") < 40' \
    'lat(c["default-qps"], "snapshots", "Max") > 4 * lat(c["raised-qps"], "snapshots", "Max")'
  # Full copy against copy on write: the same clones, far more storage and time.
  capacity_study ml-datasets scenarios/capacity/ml-datasets-daily-clones.yaml \
    'wl(c["full-copy"], "day-2-clones")["bound"] == 50' \
    'c["full-copy"]["storage"][0]["cost"] > 10 * c["copy-on-write"]["storage"][0]["cost"]' \
    'lat(c["full-copy"], "day-1-clones", "Perc50") > 100 * lat(c["copy-on-write"], "day-1-clones", "Perc50")'

  local out problems=()
  out=$(new_out)
  run_xnsim "$out" capacity scenarios/basics/apply-then-update.yaml --out "$work/capacity-none"
  [[ $rc == 2 ]] && grep -q 'no workload step' "$out" || problems+=("a scenario without workloads: exit $rc or no reason")
  out=$(new_out)
  run_xnsim "$out" capacity "$work/no-such-study.yaml"
  [[ $rc == 2 ]] && grep -q 'no-such-study.yaml' "$out" || problems+=("a missing file: exit $rc or not named")
  out=$(new_out)
  run_xnsim "$out" capacity scenarios/capacity/provisioning-qps.yaml --out /proc/no-such-dir
  [[ $rc == 2 ]] || problems+=("an unwritable --out: exit $rc, want 2")
  out=$(new_out)
  run_xnsim "$out" capacity --help
  [[ $rc == 0 ]] && grep -q -- '--out DIR' "$out" && grep -q 'perfData' "$out" || problems+=("--help: exit $rc or incomplete")
  result "capacity: bad input exits 2 and says why; --help explains" "$out" "${problems[@]}"
}

readonly ml_seed=scenarios/seeds/ml-teams-clone-imagenet.yaml
readonly ml_denied=scenarios/seeds/ml-clone-denied-without-grant.yaml

group_graph() {
  local out dot=$work/ml.dot json=$work/ml.json svg=$work/ml.svg
  local problems=()
  "$xnsim" graph "$ml_seed" --exposure pvc/ml-datasets/imagenet-dataset >"$dot" 2>"$work/graph.err"
  rc=$?
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  grep -q '^digraph access {' "$dot" || problems+=("no DOT digraph")
  grep -q 'label="clone at ' "$dot" || problems+=("no clone edge")
  grep -q 'grant allow-ml-teams-clone-imagenet: clone PersistentVolumeClaim imagenet-dataset' "$dot" ||
    problems+=("no grant edge")
  [[ $(grep -c '(holds the data)' "$dot") == 2 ]] || problems+=("not both teams drawn as holding the data")
  grep -q 'reached namespace ml-production: PersistentVolumeClaim ml-datasets/imagenet-dataset -\[clone' \
    "$work/graph.err" || problems+=("no witness path logged")
  result "graph: DOT of the ML seed with its grant, clones and exposure" "$dot" "${problems[@]}"

  problems=()
  "$xnsim" graph "$ml_seed" --format json --at 5s >"$json" 2>/dev/null
  rc=$?
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  # The scenario's maxExposure source is analysed without --exposure.
  local reached
  reached=$(json_field "$json" "[(n['namespace'], n['realised']) for e in r['exposure'] for n in e['namespaces']]" 2>&1)
  [[ $reached == "[('ml-development', True), ('ml-production', False)]" ]] ||
    problems+=("exposure at 5s is $reached, want ml-development realised and ml-production obtainable")
  [[ $(json_field "$json" "r['at']" 2>&1) == 5s ]] || problems+=("not the state at 5s")
  result "graph: JSON at --at 5s, with the maxExposure source's exposure" "$json" "${problems[@]}"

  problems=()
  out=$(new_out)
  if command -v dot >/dev/null 2>&1; then
    "$xnsim" graph "$ml_seed" --format svg >"$svg" 2>"$out"
    rc=$?
    [[ $rc == 0 ]] && grep -q '<svg' "$svg" || problems+=("exit $rc or no <svg> written")
  fi
  env PATH="$work/no-bin" "$xnsim" graph "$ml_seed" --format svg >"$out" 2>&1
  rc=$?
  [[ $rc == 2 ]] && grep -q 'install graphviz' "$out" ||
    problems+=("svg without Graphviz: exit $rc (want 2) or no advice to install graphviz")
  result "graph: svg through Graphviz, and a clear error without it" "$out" "${problems[@]}"

  problems=()
  out=$(new_out)
  run_xnsim "$out" graph "$ml_seed" --at "2 minutes"
  [[ $rc == 2 ]] && grep -q -- '--at "2 minutes": expected a duration' "$out" || problems+=("bad --at: exit $rc")
  run_xnsim "$out" graph "$ml_seed" --format png
  [[ $rc == 2 ]] && grep -q -- '--format "png"' "$out" || problems+=("unknown format: exit $rc")
  run_xnsim "$out" graph "$ml_denied"
  [[ $rc == 2 ]] && grep -q 'choose one with --case' "$out" || problems+=("matrix without --case: exit $rc")
  run_xnsim "$out" graph "$ml_denied" --case nope
  [[ $rc == 2 ]] && grep -q 'no-grant' "$out" || problems+=("unknown --case: exit $rc or cases not listed")
  run_xnsim "$out" graph "$ml_seed" --exposure secret/ml-datasets/x
  [[ $rc == 2 ]] && grep -q 'KIND/NAMESPACE/NAME' "$out" || problems+=("bad --exposure: exit $rc")
  run_xnsim "$out" graph "$ml_seed" --exposure pvc/ml-datasets/no-such-claim
  [[ $rc == 2 ]] && grep -q 'no such object' "$out" || problems+=("unknown --exposure source: exit $rc")
  result "graph: bad --at, --format, --case and --exposure exit 2 and say why" "$out" "${problems[@]}"

  out=$(new_out)
  "$xnsim" graph "$ml_seed" --format json >"$work/again.json" 2>/dev/null
  "$xnsim" graph "$ml_seed" --format json --at 5s >"$work/again5.json" 2>/dev/null
  if cmp -s "$json" "$work/again5.json"; then
    result "graph: the same run gives the same graph byte for byte" "$out"
  else
    result "graph: the same run gives the same graph byte for byte" "$out" "two runs differ"
  fi
}

group_explain() {
  local out problems=()
  out=$(new_out)
  run_xnsim "$out" explain "$ml_denied" --claim ml-production/imagenet-dataset \
    --case grant-for-ml-development-only
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  grep -q "claim ml-production/imagenet-dataset: not provisioned: the last of [0-9]* attempt(s)" "$out" ||
    problems+=("no conclusion")
  grep -q "isn't allowed" "$out" || problems+=("not the provisioner's message")
  grep -q 'allow-ml-development-clone-imagenet: does not match: `from` has no entry {group: "", kind: PersistentVolumeClaim, namespace: ml-production}' "$out" ||
    problems+=("the grant's verdict is missing or wrong")
  grep -q 'csi-provisioner: CrossNamespaceVolumeDataSource=true' "$out" || problems+=("no gates")
  grep -q 'attempts 1-[0-9]* (' "$out" || problems+=("no retries")
  result "explain: a denied claim, with the grant that did not match and why" "$out" "${problems[@]}"

  problems=()
  out=$(new_out)
  run_xnsim "$out" explain "$ml_seed" --claim ml-production/imagenet-dataset
  [[ $rc == 0 ]] && grep -q 'provisioned: attempt 1 at .* created its volume from PersistentVolumeClaim ml-datasets/imagenet-dataset, allowed by ReferenceGrant allow-ml-teams-clone-imagenet in ml-datasets' "$out" ||
    problems+=("a provisioned claim: exit $rc or no conclusion")
  result "explain: a provisioned claim names the grant that allowed it" "$out" "${problems[@]}"

  problems=()
  out=$(new_out)
  run_xnsim "$out" explain "$ml_seed"
  [[ $rc == 2 ]] && grep -q -- '--claim NAMESPACE/NAME is required' "$out" || problems+=("no --claim: exit $rc")
  run_xnsim "$out" explain "$ml_seed" --claim imagenet-dataset
  [[ $rc == 2 ]] && grep -q 'expected NAMESPACE/NAME' "$out" || problems+=("bad --claim: exit $rc")
  run_xnsim "$out" explain "$ml_seed" --claim ml-production/no-such-claim
  [[ $rc == 2 ]] && grep -q 'no case has a PersistentVolumeClaim ml-production/no-such-claim' "$out" ||
    problems+=("missing claim: exit $rc")
  result "explain: missing or bad --claim, and a claim no case has, exit 2" "$out" "${problems[@]}"
}

group_explore() {
  local out findings=$work/findings.json a=$work/explore-a.jsonl b=$work/explore-b.jsonl
  local problems=() flags
  out=$(new_out)
  run_xnsim "$out" run scenarios/races/ --explore --runs 10 --jobs 2 --report "findings=$findings"
  [[ $rc == 0 ]] || problems+=("exit code $rc, want 0")
  [[ $(grep -c '^PASS  race-' "$out") == 8 ]] || problems+=("not 8 race scenarios passed")
  grep -q 'window grant-deleted-during-create-volume' "$out" || problems+=("no grant-deletion window reported")
  [[ -s $findings ]] && json_field "$findings" \
    '[f["kind"] for c in r["cases"] for f in c["findings"]].count("grant-deleted-during-create-volume") >= 1' |
    grep -q True || problems+=("findings report lacks the grant-deletion window")
  result "explore: the race scenarios pass, windows reported, findings JSON written" "$out" "${problems[@]}"

  problems=()
  out=$(new_out)
  run_xnsim "$out" run tools/testdata/explore/tight-deadline.yaml
  [[ $rc == 0 ]] || problems+=("the nominal schedule must pass: exit $rc")
  out=$(new_out)
  run_xnsim "$out" run tools/testdata/explore/tight-deadline.yaml --explore --runs 100 --jobs 2
  [[ $rc == 1 ]] || problems+=("exploration must find the late schedule: exit $rc")
  flags=$(sed -n 's/^  replay: xnsim run [^ ]* \(--seed .*\) --trace PATH$/\1/p' "$out" | head -n 1)
  [[ -n $flags ]] || problems+=("no replay flags printed")
  local seed_only
  seed_only=$(sed -n 's/^  found by schedule [0-9]*: \(--seed [0-9]* --strategy [a-z]*\) .*/\1/p' "$out" | head -n 1)
  local replay
  replay=$(new_out)
  # shellcheck disable=SC2086
  run_xnsim "$replay" run tools/testdata/explore/tight-deadline.yaml $seed_only
  [[ $rc == 1 ]] || problems+=("the printed seed ($seed_only) does not fail again: exit $rc")
  # shellcheck disable=SC2086
  run_xnsim "$replay" run tools/testdata/explore/tight-deadline.yaml $flags --trace "$a"
  [[ $rc == 1 ]] || problems+=("the shrunk schedule ($flags) does not fail again: exit $rc")
  # shellcheck disable=SC2086
  run_xnsim "$replay" run tools/testdata/explore/tight-deadline.yaml $flags --trace "$b"
  cmp -s "$a" "$b" || problems+=("two replays of $flags wrote different traces")
  result "explore: a schedule-dependent failure is found, and its seed and shrunk schedule replay it" \
    "$out" "${problems[@]}"

  # maxExposure is checked at the end of every explored schedule too.
  problems=()
  out=$(new_out)
  run_xnsim "$out" run tools/testdata/failing/exposure-widened.yaml --explore --runs 4 --jobs 2
  [[ $rc == 1 ]] || problems+=("a widened exposure under --explore: exit $rc, want 1")
  grep -q 'exposure wider than maxExposure' "$out" || problems+=("no maxExposure failure reported")
  result "explore: maxExposure is checked under every schedule" "$out" "${problems[@]}"

  problems=()
  out=$(new_out)
  run_xnsim "$out" run scenarios/races/grant-deleted-during-create-volume.yaml --runs 5
  [[ $rc == 2 ]] || problems+=("--runs without --explore: exit $rc")
  run_xnsim "$out" run scenarios/races/grant-deleted-during-create-volume.yaml --strategy dfs
  [[ $rc == 2 ]] || problems+=("--strategy dfs: exit $rc")
  run_xnsim "$out" run scenarios/races/grant-deleted-during-create-volume.yaml --report findings=$work/f.json
  [[ $rc == 2 ]] || problems+=("findings report without --explore: exit $rc")
  result "explore: bad explore options exit 2" "$out" "${problems[@]}"
}

group_golden() {
  local out gold=$work/golden problems=()
  # Record, then compare the same run: nothing differs.
  out=$(new_out)
  run_xnsim "$out" run scenarios/basics --record "$gold"
  [[ $rc == 0 ]] || problems+=("--record: exit code $rc, want 0")
  [[ -s $gold/apply-then-update.trace ]] || problems+=("no golden file apply-then-update.trace")
  grep -q 'rv=' "$gold"/*.trace && problems+=("a golden trace keeps resourceVersions")
  out=$(new_out)
  run_xnsim "$out" run scenarios/basics --compare "$gold"
  [[ $rc == 0 ]] || problems+=("--compare with its own goldens: exit code $rc, want 0")
  grep -q '0 differ, 0 missing' "$out" || problems+=("no compare summary")
  result "golden: --record then --compare of the same run passes" "$out" "${problems[@]}"

  # A behaviour change without any seam: the same conformance case run as
  # external-provisioner v5.3.0 (failure events carry the StorageClass prefix) fails
  # against the suite's golden at the first changed event.
  problems=()
  local copy=$work/suite/lifecycle/grant-deleted-before-provision-refused.yaml
  mkdir -p "$work/suite/lifecycle"
  cp -r conformance/manifests "$work/suite/manifests"
  sed '0,/^cluster:$/s//cluster:\n  provisioner: {version: v5.3.0}/' \
    conformance/lifecycle/grant-deleted-before-provision-refused.yaml >"$copy"
  out=$(new_out)
  run_xnsim "$out" run "$copy" --filter 'grant-deleted-before-provision-refused[clone-source-not-bound]' \
    --compare conformance/golden
  [[ $rc == 1 ]] || problems+=("exit code $rc, want 1")
  grep -q 'the trace differs from its golden' "$out" || problems+=("no golden difference reported")
  grep -q '^ *first difference at line [0-9]*, t=' "$out" || problems+=("no first-difference line with its time")
  grep -q '^ *- .*Warning ProvisioningFailed: error getting handle' "$out" ||
    problems+=("the golden side of the changed event is not shown")
  grep -q '^ *+ .*ProvisioningFailed: failed to provision volume with StorageClass' "$out" ||
    problems+=("this run's side of the changed event is not shown")
  grep -q 'later line(s) differ' "$out" || problems+=("no count of later differences")
  result "golden: another provisioner release fails --compare at the changed event" "$out" "${problems[@]}"

  # No golden for a case: a failure that says how to record one. Bad directories: 2.
  problems=()
  out=$(new_out)
  mkdir -p "$work/empty"
  run_xnsim "$out" run scenarios/basics/apply-then-update.yaml --compare "$work/empty"
  [[ $rc == 1 ]] && grep -q 'record it with --record' "$out" ||
    problems+=("missing golden: exit $rc, or no hint to --record")
  out=$(new_out)
  run_xnsim "$out" run scenarios/basics --compare "$work/no-such-dir"
  [[ $rc == 2 ]] && grep -q 'no such directory' "$out" || problems+=("--compare DIR missing: exit $rc or no message")
  out=$(new_out)
  run_xnsim "$out" run scenarios/basics --record "$gold/apply-then-update.trace"
  [[ $rc == 2 ]] && grep -q 'not a directory' "$out" || problems+=("--record FILE: exit $rc or no message")
  out=$(new_out)
  run_xnsim "$out" run scenarios/basics --record "$gold" --compare "$gold"
  [[ $rc == 2 ]] || problems+=("--record with --compare: exit $rc, want 2")
  out=$(new_out)
  run_xnsim "$out" conformance --filter 'grant-to-*' --compare "$work/no-such-dir"
  [[ $rc == 2 ]] || problems+=("conformance --compare DIR missing: exit $rc, want 2")
  result "golden: a missing golden fails with a hint; bad directories exit 2" "$out" "${problems[@]}"
}

group_diff() {
  local out problems=() d=tools/testdata/diff
  # A tuned-QPS capacity run against the default one: the latency change is reported,
  # the cost moved inside the tolerance.
  out=$(new_out)
  run_xnsim "$out" diff "$d/default-qps.json" "$d/tuned-qps.json"
  [[ $rc == 1 ]] || problems+=("exit code $rc, want 1")
  grep -qF 'ProvisioningLatency{Workload=daily-clones} Perc50 12.5 s -> 2.1 s (-83.2%)' "$out" ||
    problems+=("the Perc50 latency change is not reported")
  grep -qF 'DIFFERENT: 4 difference(s) outside the tolerance' "$out" || problems+=("no verdict with 4 differences")
  grep -qF 'cost 12.34 -> 12.4 (+0.5%)' "$out" || problems+=("the cost change within tolerance is not listed")
  result "diff: a tuned-QPS capacity run shows its latency change" "$out" "${problems[@]}"

  problems=()
  out=$(new_out)
  run_xnsim "$out" diff "$d/default-qps.json" "$d/tuned-qps.json" --format json
  [[ $rc == 1 ]] || problems+=("--format json: exit code $rc, want 1")
  [[ $(json_field "$out" 'r["differences"]') == 4 ]] || problems+=("the JSON output does not count 4 differences")
  out=$(new_out)
  run_xnsim "$out" diff "$d/default-qps.json" "$d/tuned-qps.json" --tolerance 90%
  [[ $rc == 0 ]] && grep -q '^SAME' "$out" || problems+=("--tolerance 90%: exit $rc, or not SAME")
  result "diff: JSON for tools, and --tolerance decides what is a difference" "$out" "${problems[@]}"

  # Real reports carry event reasons; a run compared with itself is the same.
  problems=()
  out=$(new_out)
  run_xnsim "$out" run scenarios/seeds --report "json=$work/seeds-a.json"
  run_xnsim "$out" run scenarios/seeds --report "json=$work/seeds-b.json"
  [[ $(json_field "$work/seeds-a.json" 'any(c.get("eventReasons") for c in r["cases"])') == True ]] ||
    problems+=("no case of the JSON report has eventReasons")
  out=$(new_out)
  run_xnsim "$out" diff "$work/seeds-a.json" "$work/seeds-b.json"
  [[ $rc == 0 ]] || problems+=("a run against its repeat: exit code $rc, want 0")
  result "diff: reports carry event reasons, and a repeated run is the same" "$out" "${problems[@]}"

  problems=()
  out=$(new_out)
  run_xnsim "$out" diff "$d/default-qps.json"
  [[ $rc == 2 ]] || problems+=("one report: exit $rc, want 2")
  out=$(new_out)
  run_xnsim "$out" diff "$d/default-qps.json" "$d/README.md"
  [[ $rc == 2 ]] && grep -q 'README.md: not valid JSON' "$out" || problems+=("a non-report: exit $rc or no message")
  out=$(new_out)
  run_xnsim "$out" diff "$d/default-qps.json" "$d/tuned-qps.json" --tolerance lots
  [[ $rc == 2 ]] || problems+=("--tolerance lots: exit $rc, want 2")
  result "diff: bad input exits 2 and says why" "$out" "${problems[@]}"
}

for g in "${groups[@]}"; do
  case $g in
    usage) group_usage ;;
    run) group_run ;;
    validate) group_validate ;;
    bad-input) group_bad_input ;;
    failing) group_failing ;;
    determinism) group_determinism ;;
    reports) group_reports ;;
    conformance) group_conformance ;;
    capacity) group_capacity ;;
    graph) group_graph ;;
    explain) group_explain ;;
    explore) group_explore ;;
    golden) group_golden ;;
    diff) group_diff ;;
    *)
      echo "cli_test: unknown group '$g' (known: ${all_groups[*]})" >&2
      exit 2
      ;;
  esac
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
