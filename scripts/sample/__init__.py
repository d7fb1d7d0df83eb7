"""The sample input workbooks, one module per workbook (`scripts/make_sample_input.py` runs them).

- `partnerships`: every partnership of the register (the `Partnerships` rows);
- `register`: `partnership-register.xlsx` (Partnerships, Members, Agreements, Actions,
  Officers);
- `standard_risks`: the 14 standard partnership risks of the Charnwood template;
- `risks`: which risks each partnership has and how they were rated at each assessment;
- `risk_workbooks`: `risks-corporate.xlsx` and the three per-partnership risk workbooks;
- `survey`: `partner-survey-2025.xlsx` and `partner-survey-2026.xlsx`;
- `liaison`: `parish-liaison.xlsx` (the town and parish councils);
- `board_report`: `board-report.xlsx` (the officers' commentary and recommendations);
- `folder`: the whole input folder, `settings.toml` included, and placing it safely;
- `dates` and `workbook`: the sample's dates, and writing and saving a sheet.
"""
