"""handle-failure: where the workflow's catch paths go; logs the error
the execution caught and ends the path."""
import json
import logging

log = logging.getLogger()
log.setLevel("INFO")


def handler(event, context):
    log.error(json.dumps({"workflow_failure": event}))
    return {"handled": True}
