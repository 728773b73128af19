"""The inbox (werkvoorraad) and the work-item page of every route; task_view is the flows' human node view."""
