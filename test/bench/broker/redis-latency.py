"""End-to-end latency through Redis Streams, the same-run baseline of latency.py (same rate, payload and clock).

usage: redis-latency.py <port> <stream> <rate msgs/s> <seconds> <warmup seconds> <message bytes>

A producer thread sends `XADD <stream> * v <value>` (value = send time from time.monotonic_ns() padded to the
message size) at `rate` a second over its own connection, reading the replies in a second thread; the main
thread reads the stream with `XREAD BLOCK 100 COUNT 1000` and records receive - send for every message sent after
the warm-up. Plain sockets and a minimal RESP parser: no client library is needed. Prints one JSON line in ms.
"""
import json
import socket
import sys
import threading
import time


def command(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


def read_reply(f):
    line = f.readline()
    kind, rest = line[:1], line[1:-2]
    if kind == b'*':
        n = int(rest)
        return None if n < 0 else [read_reply(f) for _ in range(n)]
    if kind == b'$':
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        return data[:-2]
    if kind == b'-':
        raise RuntimeError(rest.decode())
    return rest


def connect(port):
    s = socket.create_connection(('127.0.0.1', port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s, s.makefile('rb')


def produce(port, stream, rate, total_seconds, size, sent):
    sock, f = connect(port)
    pad = b'.' * size

    def drain():  # XADD replies, read as they come so the socket never fills (a daemon: ends with the process)
        while True:
            read_reply(f)

    threading.Thread(target=drain, daemon=True).start()
    start = time.monotonic()
    n = 0
    while True:
        elapsed = time.monotonic() - start
        if elapsed >= total_seconds:
            break
        due = int(elapsed * rate)
        while n < due:
            stamp = str(time.monotonic_ns()).encode()
            sock.sendall(command('XADD', stream, '*', 'v', stamp + b' ' + pad[: size - len(stamp) - 1]))
            n += 1
        time.sleep(0.0005)
    sent.append(n)


def main():
    port, stream = int(sys.argv[1]), sys.argv[2]
    rate, seconds, warmup, size = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
    sock, f = connect(port)
    sent = []
    warmup_end_ns = time.monotonic_ns() + int(warmup * 1e9)
    thread = threading.Thread(target=produce, args=(port, stream, rate, warmup + seconds, size, sent))
    thread.start()
    last_id = b'0-0'
    latencies = []
    received = 0
    deadline = time.monotonic() + warmup + seconds + 15
    while time.monotonic() < deadline:
        sock.sendall(command('XREAD', 'BLOCK', 100, 'COUNT', 1000, 'STREAMS', stream, last_id))
        reply = read_reply(f)
        if reply is None:
            if sent and received >= sent[0]:
                break
            continue
        now = time.monotonic_ns()
        for entry_id, fields in reply[0][1]:
            received += 1
            last_id = entry_id
            stamp = int(fields[1].split(b' ', 1)[0])
            if stamp >= warmup_end_ns:  # messages sent during the warm-up are counted as received, not measured
                latencies.append((now - stamp) / 1e6)
    thread.join()
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else None

    print(json.dumps({
        'sent': sent[0] if sent else 0,
        'received': received,
        'measured': len(latencies),
        'p50': pct(50), 'p99': pct(99), 'p999': pct(99.9), 'max': latencies[-1] if latencies else None,
    }))


if __name__ == '__main__':
    main()
