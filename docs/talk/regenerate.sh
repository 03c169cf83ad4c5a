#!/usr/bin/env bash
# Regenerates every number, table and chart of docs/talk.md from the scenarios in
# scenarios/talk/: runs ecsim, keeps the charts docs/talk.md shows, and fills the template
# docs/talk/talk.md.in (its <!-- ecsim:... --> markers) into docs/talk.md.
#
#   bash docs/talk/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
ecsim=target/release/ecsim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
img=docs/talk/img
rm -rf "$img"
mkdir -p "$img"
s=scenarios/talk

compare() { # name scenario...
  local name=$1
  shift
  "$ecsim" compare "$@" --out "$work/$name" > "$work/$name.txt"
}
run() { # name scenario
  "$ecsim" run "$2" --out "$work/$1" > "$work/$1.txt"
}
keep() { # source-dir file new-name
  cp "$work/$1/$2" "$img/$3"
}

compare claim1 $s/01-max200-full-cluster.json $s/01-max200-one-spare.json $s/01-max200-six-spare.json
run claim1-full $s/01-max200-full-cluster.json
keep claim1 compare-healthy.png claim1-healthy.png
keep claim1-full tasks-api-grpc.png claim1-full-cluster-api-grpc.png
compare claim2 $s/01-max200-six-spare.json $s/02-max100-min50.json
keep claim2 compare-tasks.png claim2-tasks.png
compare claim3 $s/03-static-host-port.json $s/03-dynamic-host-port.json
run claim3-static $s/03-static-host-port.json
keep claim3-static tasks-web-nginx.png claim3-static-web-nginx.png
compare claim4 $s/04-gacha-default.json $s/04-gacha-protected.json $s/04-gacha-managed.json
keep claim4 compare-healthy.png claim4-healthy.png
run claim5 $s/05-deploy-added-instances.json
keep claim5 capacity-cpu.png claim5-capacity-cpu.png
keep claim5 instances.gif claim5-instances.gif
compare claim6-2017 $s/06-cost-ec2-2017.json $s/06-cost-fargate-2017.json
compare claim6-today $s/06-cost-ec2-today.json $s/06-cost-fargate-today.json $s/06-cost-ec2-spot-today.json $s/06-cost-fargate-spot-today.json
keep claim6-today compare-cost.png claim6-today-cost.png
compare claim7 $s/07-ec2-deploy-all.json $s/07-fargate-deploy-all.json
keep claim7 compare-tasks.png claim7-tasks.png
compare claim8 $s/08-night-fargate.json $s/08-night-ec2.json
keep claim8 compare-cost.png claim8-cost.png
keep claim8 compare-tasks.png claim8-tasks.png
run claim9-subnet $s/09-subnet-25.json
compare claim9-eni $s/06-cost-fargate-today.json $s/09-eni-quota.json
compare claim9-agent $s/09-agent-daemon-ec2.json $s/09-agent-sidecar-fargate.json $s/06-cost-fargate-today.json
keep claim9-subnet tasks-content-delivery.png claim9-subnet-content-delivery.png
run claim10 $s/10-fargate-spot-interruptions.json
keep claim10 healthy-api-grpc.png claim10-healthy-api-grpc.png
keep claim10 cost-rate.png claim10-cost-rate.png

# Fill the template: <!-- ecsim:table NAME --> takes the table and ratio lines of NAME's
# compare.md; <!-- ecsim:summary NAME --> the text summary `ecsim run` printed.
awk -v work="$work" '
  /<!-- ecsim:table [a-z0-9-]+ -->/ {
    name = $3
    file = work "/" name "/compare.md"
    on = 0
    while ((getline line < file) > 0) {
      if (line ~ /^\| scenario/) on = 1
      if (line ~ /^Scenarios:/) break
      if (on) print line
    }
    close(file)
    next
  }
  /<!-- ecsim:summary [a-z0-9-]+ -->/ {
    name = $3
    file = work "/" name ".txt"
    print "```"
    while ((getline line < file) > 0) {
      if (line ~ /^outputs in /) continue
      print line
    }
    close(file)
    print "```"
    next
  }
  { print }
' docs/talk/talk.md.in > docs/talk.md.tmp
mv docs/talk.md.tmp docs/talk.md
echo "docs/talk.md and docs/talk/img/ regenerated"
