"""charge-payment: charges the order's amount (a stub that records it)."""


def handler(event, context):
    return {"charged": event.get("amount", 0), "orderId": event.get("orderId")}
