"""Copy for customer orientation: the customer-impact flag on risks, the pages and digests
that carry it."""

EN = {
    "risk.error.yes_no": "`{name}:{value}` needs `yes` or `no`, like `{name}:yes`.",
    "customer.mark": ":busts_in_silhouette: customer",
    "customer.page_note": ":busts_in_silhouette: *Customers are affected* by this.",
}
