"""The summaries: tables read across topics (the Summary figures, key messages, at a glance,
the check counts and compliance grid, the board's papers, data quality by partnership).
They import topics, never views."""
