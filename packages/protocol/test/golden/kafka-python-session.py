"""Drives kafka-python 2.0.2 (admin, producer, group consumer) against a capture server: argv[1] = host:port."""
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

bootstrap = sys.argv[1]
topic = 'golden-py'
common = dict(bootstrap_servers=bootstrap, request_timeout_ms=5000, api_version_auto_timeout_ms=5000)

admin = KafkaAdminClient(client_id='golden-py-admin', **common)
admin.create_topics([NewTopic(topic, 2, 1)])
admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
admin.close()

# linger: the three sends travel in one Produce request (with 0, kafka-python may split them by timing)
producer = KafkaProducer(client_id='golden-py-producer', acks=1, linger_ms=500, **common)
for i in range(3):
    producer.send(topic, key=b'k%d' % i, value=b'v%d' % i, partition=0)
producer.flush(5)
producer.close(5)

consumer = KafkaConsumer(topic, client_id='golden-py-consumer', group_id='golden-py-group',
                         auto_offset_reset='earliest', consumer_timeout_ms=5000, heartbeat_interval_ms=300,
                         session_timeout_ms=6000, fetch_max_wait_ms=200, **dict(common, request_timeout_ms=10000))
seen = 0
for _ in consumer:
    seen += 1
    if seen >= 3:
        break
time.sleep(0.8)  # long enough for the heartbeat thread to send one Heartbeat
consumer.commit()
consumer.close()
print('consumed', seen)
