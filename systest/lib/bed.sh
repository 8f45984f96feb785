# shellcheck shell=bash
# bed.sh - the multi-host test bed of systest/run.sh (sourced). Needs root and iproute2.
#
#   tftst-a (10.78.0.1/24)  tftst-b (.2)  tftst-c (.3)  ...           one network namespace per "host"
#      tftst-a0                tftst-b0      tftst-c0                  veth end inside the host namespace
#        |                       |             |
#      tftst-a1 -------------- tftst-b1 ---- tftst-c1                  other ends, enslaved to the bridge
#                     tftst-br0 (bridge in namespace tftst-br, no address)
#
# Nothing is created in the root namespace, no namespace has a default route, addresses exist only inside the
# namespaces: mDNS (224.0.0.251 / ff02::fb) and TCP 5001 stay on this private segment. IPv6 stays enabled, so each
# veth keeps its fe80:: link-local address (DAD off so it is usable at once).

TB_PREFIX=${TFTST_NS_PREFIX:-tftst}   # every namespace and link name starts with this (max 10 chars)
TB_BRNS=${TB_PREFIX}-br
TB_BR=${TB_PREFIX}-br0
TB_SUBNET=${TFTST_SUBNET:-10.78.0}
TB_IP=(timeout 10 ip)

# spawn LOG CMD...: runs CMD in the background holding no fd of ours but stdin=/dev/null and LOG (a kept pipe
# would block `run.sh | tail`; fd 9 is the run lock); $! is CMD's own pid (exec, no shell in between)
spawn() {
    local log=$1
    shift
    (
        # the list is taken before the loop's 2> redirection, whose saved copy of stderr must stay open
        fds=(/proc/"$BASHPID"/fd/*)
        for fd in "${fds[@]##*/}"; do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2> /dev/null
        exec "$@"
    ) < /dev/null >> "$log" 2>&1 &
    disown $! 2> /dev/null || true   # no "Killed" job report when the bed kills it
}

bed_ns() { echo "${TB_PREFIX}-$1"; }                  # host letter -> namespace
bed_if() { echo "${TB_PREFIX}-${1}0"; }               # host letter -> veth inside the host namespace
bed_port() { echo "${TB_PREFIX}-${1}1"; }             # host letter -> bridge port (in $TB_BRNS)
bed_list() { ip netns list 2>/dev/null | awk '{print $1}' | grep "^${TB_PREFIX}-" || true; }

# bed_addr LETTER: the host's IPv4 address (a=.1, b=.2, ... by position in the alphabet)
bed_addr() {
    local n
    n=$(( $(printf '%d' "'$1") - 96 ))
    echo "${TB_SUBNET}.${n}"
}

# bed_down: stop every process inside our namespaces (TERM, then KILL after 6 s), delete the namespaces
# (their veth pairs go with them), and remove any stray link with our prefix in the root namespace.
bed_down() {
    local ns pids p nspids
    for ns in $(bed_list); do
        mapfile -t nspids < <(ip netns pids "$ns" 2>/dev/null || true)
        [ ${#nspids[@]} -eq 0 ] || kill -TERM "${nspids[@]}" 2>/dev/null || true
    done
    for _ in $(seq 1 30); do
        pids=""
        for ns in $(bed_list); do pids="$pids $(ip netns pids "$ns" 2>/dev/null || true)"; done
        [ -z "${pids// /}" ] && break
        sleep 0.2
    done
    for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
    for ns in $(bed_list); do
        for _ in 1 2 3; do
            "${TB_IP[@]}" netns del "$ns" 2>/dev/null && break
            sleep 0.3
        done
    done
    for p in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^${TB_PREFIX}-" || true); do
        "${TB_IP[@]}" link del "$p" 2>/dev/null || true
    done
}

bed_up_bridge() {
    "${TB_IP[@]}" netns add "$TB_BRNS"
    "${TB_IP[@]}" -n "$TB_BRNS" link set lo up
    "${TB_IP[@]}" -n "$TB_BRNS" link add "$TB_BR" type bridge
    # no IGMP snooping (every group is flooded), no STP, no forwarding delay: ports forward at once
    "${TB_IP[@]}" -n "$TB_BRNS" link set "$TB_BR" type bridge mcast_snooping 0 stp_state 0 forward_delay 0
    "${TB_IP[@]}" -n "$TB_BRNS" link set "$TB_BR" up
}

# bed_add_host LETTER: namespace + veth pair + address; returns when the link has carrier (max 5 s)
bed_add_host() {
    local h=$1 ns ifc port
    ns=$(bed_ns "$h"); ifc=$(bed_if "$h"); port=$(bed_port "$h")
    "${TB_IP[@]}" netns add "$ns"
    "${TB_IP[@]}" -n "$ns" link set lo up
    "${TB_IP[@]}" link add "$ifc" netns "$ns" type veth peer name "$port" netns "$TB_BRNS"
    "${TB_IP[@]}" -n "$TB_BRNS" link set "$port" master "$TB_BR"
    "${TB_IP[@]}" -n "$TB_BRNS" link set "$port" up
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.${ifc}.accept_dad=0" 2>/dev/null || true
    "${TB_IP[@]}" -n "$ns" addr add "$(bed_addr "$h")/24" dev "$ifc"
    "${TB_IP[@]}" -n "$ns" link set "$ifc" multicast on up
    for _ in $(seq 1 50); do
        ip -n "$ns" -br link show "$ifc" | grep -q ' UP ' && return 0
        sleep 0.1
    done
    echo "bed: $ifc in $ns has no carrier after 5 s" >&2
    return 1
}

# bed_up LETTER...: a fresh bed (any earlier one is torn down first)
bed_up() {
    bed_down
    bed_up_bridge
    local h
    for h in "$@"; do bed_add_host "$h"; done
    # wait (max 3 s each) until the link-local address exists: mDNS over IPv6 and the peers' fe80:: addresses need it
    for h in "$@"; do
        for _ in $(seq 1 30); do
            ip -n "$(bed_ns "$h")" -6 addr show dev "$(bed_if "$h")" scope link | grep -q fe80 && break
            sleep 0.1
        done
    done
}

# bed_link LETTER up|down: cut or restore a host's cable (its bridge port; the host keeps its address)
bed_link() {
    "${TB_IP[@]}" -n "$TB_BRNS" link set "$(bed_port "$1")" "$2"
}

# bed_shape LETTER RATE|off: limit what the host sends (token bucket on its veth), e.g. 200mbit; off removes it
bed_shape() {
    local ns ifc
    ns=$(bed_ns "$1"); ifc=$(bed_if "$1")
    if [ "$2" = off ]; then
        timeout 10 tc -n "$ns" qdisc del dev "$ifc" root 2>/dev/null || true
    else
        timeout 10 tc -n "$ns" qdisc replace dev "$ifc" root tbf rate "$2" burst 256kb latency 100ms
    fi
}

bed_status() {
    local ns
    for ns in $(bed_list); do
        echo "== $ns: $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
        ip -n "$ns" -br addr
    done
}

# ---- avahi-daemon with a private D-Bus system bus inside one host namespace and a private mount namespace
# bed_avahi LETTER DIR: starts dbus-daemon + avahi-daemon in the host's namespace; state, config and logs in DIR;
# prints the DBUS_SYSTEM_BUS_ADDRESS for avahi-* clients. The private mount namespace replaces /run and
# /etc/avahi/services for these processes only, so nothing of the machine's own D-Bus/avahi is touched.
bed_avahi() {
    local h=$1 dir=$2 ns ifc
    ns=$(bed_ns "$h"); ifc=$(bed_if "$h")
    mkdir -p "$dir/run/dbus" "$dir/services"
    cat > "$dir/dbus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/run/dbus/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/> <allow own="*"/> <allow send_destination="*"/>
    <allow send_type="method_call"/> <allow send_type="signal"/> <allow receive_type="*"/>
  </policy>
</busconfig>
EOF
    cat > "$dir/avahi-daemon.conf" <<EOF
[server]
host-name=avahi-$h
domain-name=local
use-ipv4=yes
use-ipv6=yes
allow-interfaces=$ifc
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
[reflector]
enable-reflector=no
EOF
    cat > "$dir/inner.sh" <<EOF
#!/bin/bash
set -e
rm -f $dir/run/dbus/system_bus_socket
mount --bind $dir/run /run
mount --bind $dir/services /etc/avahi/services
dbus-daemon --config-file=$dir/dbus.conf --nofork --nopidfile > $dir/dbus.log 2>&1 &
for i in \$(seq 1 50); do [ -S /run/dbus/system_bus_socket ] && break; sleep 0.1; done
exec avahi-daemon -f $dir/avahi-daemon.conf --no-drop-root --no-chroot --no-rlimits --no-proc-title
EOF
    chmod 755 "$dir/inner.sh"
    # bounded lifetime; bed_down also stops it (both daemons live inside the namespace)
    spawn "$dir/avahi.log" timeout 1800 ip netns exec "$ns" unshare -m --propagation private "$dir/inner.sh"
    for _ in $(seq 1 100); do
        grep -q 'Server startup complete' "$dir/avahi.log" 2>/dev/null && break
        sleep 0.1
    done
    if ! grep -q 'Server startup complete' "$dir/avahi.log"; then
        echo "avahi-daemon did not start in $ns: $(tail -n 5 "$dir/avahi.log" | tr '\n' ' ')" >&2
        return 1
    fi
    echo "unix:path=$dir/run/dbus/system_bus_socket"
}
