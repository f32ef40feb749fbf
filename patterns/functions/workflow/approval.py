"""request-approval: invoked with wait_for_token; the execution waits
until someone calls SendTaskSuccess (or SendTaskFailure) with the token.
Here the request is logged with its token for an approver to act on."""
import json
import logging

log = logging.getLogger()
log.setLevel("INFO")


def handler(event, context):
    log.info(json.dumps({"approval_requested": event.get("input"), "task_token": event.get("token")}))
    return {"requested": True}
