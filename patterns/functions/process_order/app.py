"""process-order: consumes order-buffer (SQS, partial_failures = true).

Each record is an EventBridge OrderCreated event. The order is written to
the table named by TABLE; a record that fails is reported back in
batchItemFailures, so that only it returns to the queue (and, after
max_receives, its DLQ) while the rest of the batch is deleted.
"""
import json
import logging
import os

import boto3

log = logging.getLogger()
log.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def process(record):
    event = json.loads(record["body"])
    order = event["detail"]
    table.put_item(Item={
        "pk": f"ORDER#{order['orderId']}",
        "sk": "STATE",
        "status": "RECEIVED",
        "order": json.dumps(order),
    })


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            process(record)
        except Exception:  # one bad record must not fail the batch
            log.exception("order %s failed", record.get("messageId"))
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
