"""The pages of the main window and what they share (filters, tables, context)."""
