"""The benchmark's bare viewflow peer: the TLV flow's nodes in plain django-viewflow, nothing else.

An app of its own only in the benchmark's settings (bench/settings.py): viewflow stores a flow as
'<app label>/<path>' and needs an installed app around it. Never part of the product: no URLs, not in
workflows.flows.FLOWS.
"""
