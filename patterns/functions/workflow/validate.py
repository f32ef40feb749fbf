"""validate-order: the workflow's first task; fails the execution on an
order it cannot process (a Choice after it tests $.amount)."""


class InvalidOrder(Exception):
    pass


def handler(event, context):
    order = event.get("detail", event)
    if not order.get("orderId") or order.get("amount", 0) <= 0:
        raise InvalidOrder(f"invalid order: {order!r}")
    return {**order, "valid": True}
