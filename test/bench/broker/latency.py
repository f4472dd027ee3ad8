"""End-to-end latency through a Kafka broker with librdkafka (confluent-kafka), for the broker benchmark.

usage: latency.py <bootstrap> <topic> <rate msgs/s> <seconds> <warmup seconds> <message bytes>

A producer thread sends `rate` messages a second for `warmup + seconds`, each value starting with the send time
(time.monotonic_ns(), ASCII) padded to the message size; the main thread consumes the partition (assigned, no
group) and records receive - send for every message sent after the warm-up. The producer uses linger.ms=0 and
acks=1; the consumer long-polls (fetch.wait.max.ms 100, fetch.min.bytes 1), so the figure is the broker's
produce -> fetch wake-up path plus the clients' own queues. Prints one JSON line with the percentiles in ms.
"""
import json
import sys
import threading
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def produce(bootstrap, topic, rate, total_seconds, size, sent):
    producer = Producer({'bootstrap.servers': bootstrap, 'linger.ms': 0, 'acks': 1})
    pad = b'.' * size
    start = time.monotonic()
    n = 0
    while True:
        elapsed = time.monotonic() - start
        if elapsed >= total_seconds:
            break
        due = int(elapsed * rate)
        while n < due:
            stamp = str(time.monotonic_ns()).encode()
            producer.produce(topic, stamp + b' ' + pad[: size - len(stamp) - 1], partition=0)
            n += 1
        producer.poll(0)
        time.sleep(0.0005)
    producer.flush(10)
    sent.append(n)


def main():
    bootstrap, topic = sys.argv[1], sys.argv[2]
    rate, seconds, warmup, size = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
    consumer = Consumer({
        'bootstrap.servers': bootstrap,
        'group.id': 'bench-latency',  # required by the client; no group API is used (assign, no commits)
        'enable.auto.commit': False,
        'fetch.wait.max.ms': 100,
        'fetch.min.bytes': 1,
    })
    consumer.assign([TopicPartition(topic, 0, 0)])
    consumer.poll(0.5)  # connect and start fetching before the first message is sent
    sent = []
    thread = threading.Thread(target=produce, args=(bootstrap, topic, rate, warmup + seconds, size, sent))
    warmup_end_ns = time.monotonic_ns() + int(warmup * 1e9)
    thread.start()
    latencies = []
    received = 0
    deadline = time.monotonic() + warmup + seconds + 15
    while time.monotonic() < deadline:
        msg = consumer.poll(0.1)
        if msg is None:
            if sent and received >= sent[0]:
                break
            continue
        if msg.error():
            raise RuntimeError(msg.error())
        now = time.monotonic_ns()
        received += 1
        stamp = int(msg.value().split(b' ', 1)[0])
        if stamp >= warmup_end_ns:  # messages sent during the warm-up are counted as received, not measured
            latencies.append((now - stamp) / 1e6)
    thread.join()
    consumer.close()
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
