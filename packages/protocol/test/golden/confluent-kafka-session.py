"""Drives confluent-kafka-python 1.7 (librdkafka 2.0.2) admin calls against a capture server: argv[1] = host:port.

list_groups() is librdkafka's legacy group listing, which sends ListGroups v0 and DescribeGroups v0.
"""
import sys

from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

bootstrap = sys.argv[1]
topic = 'golden-ck'
admin = AdminClient({'bootstrap.servers': bootstrap, 'client.id': 'golden-ck-admin'})
for f in admin.create_topics([NewTopic(topic, 1, 1)], request_timeout=5).values():
    f.result(10)
for f in admin.describe_configs([ConfigResource('topic', topic)], request_timeout=5).values():
    f.result(10)
groups = admin.list_groups(timeout=10)
for f in admin.delete_topics([topic], request_timeout=5).values():
    f.result(10)
print('groups', sorted(g.id for g in groups))
