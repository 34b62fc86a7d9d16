#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL cluster for tests (CTest fixture `postgres_cluster`).
#
#   pg-test-cluster.sh start DIR                  initdb into DIR, start on 127.0.0.1:<free port>, write DIR/url
#   pg-test-cluster.sh createdb DIR NAME [--locale C]
#                                                 (re)create database NAME, print its URL
#   pg-test-cluster.sh stop DIR                   stop the cluster and remove DIR
#
# The cluster is initialised with --encoding=UTF8 --locale=C.UTF-8 (Kasane refuses a C ctype: pg_trgm and
# [[:alpha:]] see no Japanese characters in it). `createdb ... --locale C` makes such a database on purpose, to
# test that refusal. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
# Everything fails loudly: any failing step stops the script with a message and a non-zero status.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

die() {
    echo "pg-test-cluster: $*" >&2
    exit 1
}

usage() {
    die "usage: $0 start DIR | createdb DIR NAME [--locale C] | stop DIR"
}

# Runs a command as the postgres user when we are root, as ourselves otherwise (from /, which that user can
# always enter: the caller's working directory may be private to root).
as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Removes DIR and, when the server lived elsewhere (see start), that directory too.
remove_cluster_dir() {
    local dir="$1"
    if [[ -f "$dir/home" ]]; then
        rm -rf "$(cat "$dir/home")"
    fi
    rm -rf "$dir"
}

port_is_free() {
    # A refused connection means nobody listens there.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cluster_port() {
    local dir="$1"
    [[ -f "$dir/port" ]] || die "no cluster in $dir (missing $dir/port); run '$0 start $dir' first"
    cat "$dir/port"
}

start() {
    local dir="$1"
    [[ -x "$PG_BIN/initdb" ]] || die "initdb not found in $PG_BIN (set PG_BIN)"
    if [[ -e "$dir" ]]; then
        # A leftover from an interrupted run: stop it if it still runs, then start afresh.
        if [[ -f "$dir/data/postmaster.pid" ]]; then
            as_postgres "$PG_BIN/pg_ctl" -D "$(readlink -f "$dir/data")" stop -m immediate >/dev/null 2>&1 || true
        fi
        remove_cluster_dir "$dir"
    fi
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    # The server's own directory (data, socket, log) is DIR, unless the postgres user cannot reach DIR (a checkout
    # under a directory private to root, such as one made by mktemp -d): then a private directory under /tmp, owned
    # by postgres, named in DIR/home and linked from DIR/data and DIR/server.log.
    local home="$dir"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres: "$dir"
        if ! runuser -u postgres -- test -w "$dir" 2>/dev/null; then
            home="$(mktemp -d /tmp/kasane-pg-test.XXXXXX)"
            chown postgres: "$home"
            echo "$home" >"$dir/home"
            ln -s "$home/data" "$dir/data"
            ln -s "$home/server.log" "$dir/server.log"
        fi
    fi
    as_postgres "$PG_BIN/initdb" -D "$home/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 --auth=trust \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

    local attempt port
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + (RANDOM % 20000)))
        port_is_free "$port" || continue
        if as_postgres "$PG_BIN/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$home -c fsync=off \
                -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null; then
            echo "$port" >"$dir/port"
            echo "postgresql://postgres@127.0.0.1:$port" >"$dir/url"
            echo "pg-test-cluster: started on 127.0.0.1:$port ($dir)"
            return 0
        fi
        echo "pg-test-cluster: start on port $port failed (attempt $attempt), retrying" >&2
        tail -n 5 "$home/server.log" >&2 || true
    done
    die "could not start PostgreSQL; see $dir/server.log"
}

createdb() {
    local dir="$1" name="$2"
    shift 2
    local locale="C.UTF-8"
    while (($#)); do
        case "$1" in
            --locale) [[ $# -ge 2 ]] || usage; locale="$2"; shift 2 ;;
            *) usage ;;
        esac
    done
    [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name must match [a-z_][a-z0-9_]*: $name"
    local port
    port="$(cluster_port "$dir")"
    PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
        -c "CREATE DATABASE \"$name\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '$locale' LC_CTYPE '$locale'" \
        >/dev/null || die "could not create database $name"
    echo "postgresql://postgres@127.0.0.1:$port/$name"
}

stop() {
    local dir="$1"
    [[ -d "$dir" ]] || die "no cluster directory $dir"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$(readlink -f "$dir/data")" stop -m fast -w >/dev/null ||
            die "pg_ctl stop failed"
    fi
    remove_cluster_dir "$dir"
    echo "pg-test-cluster: stopped ($dir)"
}

[[ $# -ge 2 ]] || usage
command="$1"
shift
case "$command" in
    start) [[ $# -eq 1 ]] || usage; start "$1" ;;
    createdb) [[ $# -ge 2 ]] || usage; createdb "$@" ;;
    stop) [[ $# -eq 1 ]] || usage; stop "$1" ;;
    *) usage ;;
esac
