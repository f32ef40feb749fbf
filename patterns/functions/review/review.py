"""review.handler: a stub that returns its input."""


def handler(event, context):
    return event
