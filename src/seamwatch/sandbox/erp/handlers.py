"""One handler per contract operation (plumbing in views.py).

Handlers are synchronous and never await: each runs to completion on the event loop, so
a request sees and leaves the state consistent (a deep insert or a journal posting is atomic).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from seamwatch.sandbox.erp import inventory, sales
from seamwatch.sandbox.erp.api import JsonReply, RequestContext
from seamwatch.sandbox.erp.errors import not_found
from seamwatch.sandbox.erp.query import QueryOptions
from seamwatch.sandbox.erp.views import (
    check_etag,
    entity_reply,
    find,
    list_reply,
    no_content,
    require_if_match,
)

__all__ = ["HANDLERS"]


# ------------------------------------------------------------------------ sales orders
def _expand_lines(
    ctx: RequestContext, order: dict[str, Any], options: QueryOptions
) -> dict[str, Any]:
    return sales.order_view(ctx.state, order, "salesOrderLines" in options.expand)


def list_sales_orders(ctx: RequestContext) -> JsonReply:
    return list_reply(ctx, ctx.state.sales_orders, "salesOrders", expand=_expand_lines)


def create_sales_order(ctx: RequestContext) -> JsonReply:
    order = sales.create_order(ctx.state, ctx.body, ctx.received_at)
    return entity_reply(ctx, ctx.state.sales_orders, order, "salesOrders", status=201, query=False)


def get_sales_order(ctx: RequestContext) -> JsonReply:
    order = find(ctx.state.sales_orders, ctx.params["salesOrderId"])
    return entity_reply(ctx, ctx.state.sales_orders, order, "salesOrders", expand=_expand_lines)


def update_sales_order(ctx: RequestContext) -> JsonReply:
    token = require_if_match(ctx)
    order = find(ctx.state.sales_orders, ctx.params["salesOrderId"])
    check_etag(ctx, token, order)
    updated = sales.update_order(ctx.state, order, ctx.body)
    return entity_reply(ctx, ctx.state.sales_orders, updated, "salesOrders", query=False)


def delete_sales_order(ctx: RequestContext) -> Response:
    token = require_if_match(ctx)
    order = find(ctx.state.sales_orders, ctx.params["salesOrderId"])
    check_etag(ctx, token, order)
    sales.delete_order(ctx.state, order, ctx.received_at)
    return no_content()


def ship_and_invoice(ctx: RequestContext) -> Response:
    order = find(ctx.state.sales_orders, ctx.params["salesOrderId"])
    sales.ship_and_invoice(ctx.state, order, ctx.received_at)
    return no_content()


# ------------------------------------------------------------------- sales order lines
def _order_and_line(ctx: RequestContext) -> tuple[dict[str, Any], dict[str, Any]]:
    order = find(ctx.state.sales_orders, ctx.params["salesOrderId"])
    line = find(ctx.state.sales_order_lines, ctx.params["salesOrderLineId"])
    if line["documentId"] != order["id"]:
        raise not_found(
            f"The salesOrderLines record '{ctx.params['salesOrderLineId']}' does not exist"
        )
    return order, line


def list_sales_order_lines(ctx: RequestContext) -> JsonReply:
    order = find(ctx.state.sales_orders, ctx.params["salesOrderId"])
    lines = ctx.state.sales_order_lines
    rows = [(seq, row) for seq, row in lines.with_sequence() if row["documentId"] == order["id"]]
    return list_reply(ctx, lines, f"salesOrders({order['id']})/salesOrderLines", rows)


def create_sales_order_line(ctx: RequestContext) -> JsonReply:
    order = find(ctx.state.sales_orders, ctx.params["salesOrderId"])
    line = sales.create_line(ctx.state, order, ctx.body)
    return entity_reply(
        ctx,
        ctx.state.sales_order_lines,
        line,
        f"salesOrders({order['id']})/salesOrderLines",
        status=201,
        query=False,
    )


def get_sales_order_line(ctx: RequestContext) -> JsonReply:
    order, line = _order_and_line(ctx)
    return entity_reply(
        ctx, ctx.state.sales_order_lines, line, f"salesOrders({order['id']})/salesOrderLines"
    )


def update_sales_order_line(ctx: RequestContext) -> JsonReply:
    token = require_if_match(ctx)
    order, line = _order_and_line(ctx)
    check_etag(ctx, token, line)
    updated = sales.update_line(ctx.state, order, line, ctx.body)
    return entity_reply(
        ctx,
        ctx.state.sales_order_lines,
        updated,
        f"salesOrders({order['id']})/salesOrderLines",
        query=False,
    )


def delete_sales_order_line(ctx: RequestContext) -> Response:
    token = require_if_match(ctx)
    order, line = _order_and_line(ctx)
    check_etag(ctx, token, line)
    sales.delete_line(ctx.state, order, line)
    return no_content()


# ------------------------------------------------------- items, customers, locations, ledger
def list_items(ctx: RequestContext) -> JsonReply:
    return list_reply(ctx, ctx.state.items, "items")


def get_item(ctx: RequestContext) -> JsonReply:
    return entity_reply(ctx, ctx.state.items, find(ctx.state.items, ctx.params["itemId"]), "items")


def update_item(ctx: RequestContext) -> JsonReply:
    token = require_if_match(ctx)
    item = find(ctx.state.items, ctx.params["itemId"])
    check_etag(ctx, token, item)
    return entity_reply(
        ctx, ctx.state.items, inventory.update_item(ctx.state, item, ctx.body), "items", query=False
    )


def list_customers(ctx: RequestContext) -> JsonReply:
    return list_reply(ctx, ctx.state.customers, "customers")


def create_customer(ctx: RequestContext) -> JsonReply:
    customer = inventory.create_customer(ctx.state, ctx.body)
    return entity_reply(ctx, ctx.state.customers, customer, "customers", status=201, query=False)


def get_customer(ctx: RequestContext) -> JsonReply:
    return entity_reply(
        ctx, ctx.state.customers, find(ctx.state.customers, ctx.params["customerId"]), "customers"
    )


def list_locations(ctx: RequestContext) -> JsonReply:
    return list_reply(ctx, ctx.state.locations, "locations")


def get_location(ctx: RequestContext) -> JsonReply:
    return entity_reply(
        ctx, ctx.state.locations, find(ctx.state.locations, ctx.params["locationId"]), "locations"
    )


def list_ledger_entries(ctx: RequestContext) -> JsonReply:
    return list_reply(ctx, ctx.state.ledger, "itemLedgerEntries")


def get_ledger_entry(ctx: RequestContext) -> JsonReply:
    entry = find(ctx.state.ledger, ctx.params["itemLedgerEntryId"])
    return entity_reply(ctx, ctx.state.ledger, entry, "itemLedgerEntries")


# ------------------------------------------------------------- custom API: item journal
def list_journals(ctx: RequestContext) -> JsonReply:
    return list_reply(ctx, ctx.state.journals, "itemJournals")


def get_journal(ctx: RequestContext) -> JsonReply:
    return entity_reply(
        ctx, ctx.state.journals, find(ctx.state.journals, ctx.params["journalId"]), "itemJournals"
    )


def post_journal(ctx: RequestContext) -> Response:
    inventory.post_journal(ctx.state, find(ctx.state.journals, ctx.params["journalId"]))
    return no_content()


def list_journal_lines(ctx: RequestContext) -> JsonReply:
    return list_reply(ctx, ctx.state.journal_lines, "itemJournalLines")


def create_journal_line(ctx: RequestContext) -> JsonReply:
    line = inventory.create_journal_line(ctx.state, ctx.body)
    return entity_reply(
        ctx, ctx.state.journal_lines, line, "itemJournalLines", status=201, query=False
    )


def get_journal_line(ctx: RequestContext) -> JsonReply:
    line = find(ctx.state.journal_lines, ctx.params["itemJournalLineId"])
    return entity_reply(ctx, ctx.state.journal_lines, line, "itemJournalLines")


def delete_journal_line(ctx: RequestContext) -> Response:
    token = require_if_match(ctx)
    line = find(ctx.state.journal_lines, ctx.params["itemJournalLineId"])
    check_etag(ctx, token, line)
    ctx.state.journal_lines.remove(line["id"])
    return no_content()


# operationId -> handler; routes.py pairs them with the contract's methods and paths.
HANDLERS: dict[str, Callable[[RequestContext], JsonReply | Response]] = {
    "listSalesOrders": list_sales_orders,
    "createSalesOrder": create_sales_order,
    "getSalesOrder": get_sales_order,
    "updateSalesOrder": update_sales_order,
    "deleteSalesOrder": delete_sales_order,
    "shipAndInvoiceSalesOrder": ship_and_invoice,
    "listSalesOrderLines": list_sales_order_lines,
    "createSalesOrderLine": create_sales_order_line,
    "getSalesOrderLine": get_sales_order_line,
    "updateSalesOrderLine": update_sales_order_line,
    "deleteSalesOrderLine": delete_sales_order_line,
    "listItems": list_items,
    "getItem": get_item,
    "updateItem": update_item,
    "listCustomers": list_customers,
    "createCustomer": create_customer,
    "getCustomer": get_customer,
    "listLocations": list_locations,
    "getLocation": get_location,
    "listItemLedgerEntries": list_ledger_entries,
    "getItemLedgerEntry": get_ledger_entry,
    "listItemJournals": list_journals,
    "getItemJournal": get_journal,
    "postItemJournal": post_journal,
    "listItemJournalLines": list_journal_lines,
    "createItemJournalLine": create_journal_line,
    "getItemJournalLine": get_journal_line,
    "deleteItemJournalLine": delete_journal_line,
}
