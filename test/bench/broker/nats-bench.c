/*
 * NATS JetStream client for the broker benchmark, on the NATS C client (Debian's libnats), so that the NATS
 * baseline is driven by a native client as our broker's librdkafka rows are (the JavaScript client `nats` spends
 * ~25 us of its own CPU per acknowledged publish, which would measure the client rather than the server).
 * Built by the benchmark into its temp dir: cc -O2 -o nats-bench nats-bench.c -lnats
 *
 *   nats-bench create  <url> <stream> <subject>
 *   nats-bench produce <url> <subject> <file> <max pending>   publish every line of <file>, acknowledged (async)
 *   nats-bench consume <url> <stream> <subject> <count> <batch>   pull-fetch <count> messages, no acks
 *
 * Prints one line `ok <messages> <payload bytes>` on success; errors go to stderr with a non-zero exit.
 */
#include <nats/nats.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long pubErrors = 0;

static void onPubError(jsCtx *js, jsPubAckErr *pae, void *closure) {
  (void)js;
  (void)closure;
  (void)pae;
  pubErrors++;
}

static int fail(const char *what, natsStatus s, jsErrCode jerr) {
  fprintf(stderr, "nats-bench: %s: %s (jetstream error %d) %s\n", what, natsStatus_GetText(s), (int)jerr, nats_GetLastError(NULL));
  return 1;
}

static int create(jsCtx *js, const char *stream, const char *subject) {
  jsStreamConfig cfg;
  jsErrCode jerr = 0;
  const char *subjects[1] = {subject};
  jsStreamConfig_Init(&cfg);
  cfg.Name = stream;
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  natsStatus s = js_AddStream(NULL, js, &cfg, NULL, &jerr);
  if (s != NATS_OK) return fail("add stream", s, jerr);
  printf("ok 0 0\n");
  return 0;
}

static char *readAll(const char *file, long *size) {
  FILE *f = fopen(file, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)*size);
  if (buf && fread(buf, 1, (size_t)*size, f) != (size_t)*size) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

static int produce(jsCtx *js, const char *subject, const char *file) {
  long size = 0;
  char *data = readAll(file, &size);
  if (!data) {
    fprintf(stderr, "nats-bench: cannot read %s\n", file);
    return 1;
  }
  long long count = 0, bytes = 0;
  for (long at = 0; at < size;) {
    char *nl = memchr(data + at, '\n', (size_t)(size - at));
    long len = nl ? (long)(nl - (data + at)) : size - at;
    natsStatus s = js_PublishAsync(js, subject, data + at, (int)len, NULL);
    if (s != NATS_OK) return fail("publish", s, 0);
    count++;
    bytes += len;
    at += len + 1;
  }
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = 60000;
  natsStatus s = js_PublishAsyncComplete(js, &po);
  if (s != NATS_OK) return fail("publish complete", s, 0);
  if (pubErrors > 0) {
    fprintf(stderr, "nats-bench: %lld publishes failed\n", pubErrors);
    return 1;
  }
  printf("ok %lld %lld\n", count, bytes);
  free(data);
  return 0;
}

static int consume(jsCtx *js, const char *stream, const char *subject, long long want, int batch) {
  jsSubOptions so;
  jsErrCode jerr = 0;
  natsSubscription *sub = NULL;
  jsSubOptions_Init(&so);
  so.Stream = stream;
  so.Config.AckPolicy = js_AckNone;
  so.Config.DeliverPolicy = js_DeliverAll;
  natsStatus s = js_PullSubscribe(&sub, js, subject, "bench", NULL, &so, &jerr);
  if (s != NATS_OK) return fail("pull subscribe", s, jerr);
  long long count = 0, bytes = 0;
  while (count < want) {
    natsMsgList list = {0};
    int n = (int)(want - count < batch ? want - count : batch);
    s = natsSubscription_Fetch(&list, sub, n, 10000, &jerr);
    if (s != NATS_OK) return fail("fetch", s, jerr);
    for (int i = 0; i < list.Count; i++) bytes += natsMsg_GetDataLength(list.Msgs[i]);
    count += list.Count;
    natsMsgList_Destroy(&list);
  }
  natsSubscription_Destroy(sub);
  printf("ok %lld %lld\n", count, bytes);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: nats-bench create|produce|consume <url> ...\n");
    return 2;
  }
  const char *cmd = argv[1];
  natsConnection *nc = NULL;
  jsCtx *js = NULL;
  jsOptions jo;
  natsStatus s = natsConnection_ConnectTo(&nc, argv[2]);
  if (s != NATS_OK) return fail("connect", s, 0);
  jsOptions_Init(&jo);
  if (strcmp(cmd, "produce") == 0 && argc >= 6) jo.PublishAsync.MaxPending = atoll(argv[5]);
  jo.PublishAsync.StallWait = 30000; /* wait for acks when MaxPending are in flight, do not fail */
  jo.PublishAsync.ErrHandler = onPubError;
  s = natsConnection_JetStream(&js, nc, &jo);
  if (s != NATS_OK) return fail("jetstream context", s, 0);
  int rc = 2;
  if (strcmp(cmd, "create") == 0 && argc >= 5) rc = create(js, argv[3], argv[4]);
  else if (strcmp(cmd, "produce") == 0 && argc >= 6) rc = produce(js, argv[3], argv[4]);
  else if (strcmp(cmd, "consume") == 0 && argc >= 7) rc = consume(js, argv[3], argv[4], atoll(argv[5]), atoi(argv[6]));
  else fprintf(stderr, "nats-bench: bad arguments\n");
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  nats_Close();
  return rc;
}
