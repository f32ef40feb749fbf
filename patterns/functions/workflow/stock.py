"""reserve-stock: reserves the order's items (a stub that echoes them)."""


def handler(event, context):
    return {"reserved": event.get("items", []), "orderId": event.get("orderId")}
