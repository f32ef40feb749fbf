"""adjust.handler: consumes its queue with partial_failures = true, so a
failed record is reported in batchItemFailures and the rest is kept."""


def process(record):
    pass


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            process(record)
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
