"""The inventory user group's review screen: filters, photo grid and table, decisions, approval, room walk."""
