"""The rule catalogue: every problem the pipeline can report, by stable code.

A finding's code, severity and message template come from here, so the terminal, the
`Data quality` sheet and the docs all say the same thing. Messages name the value as typed,
say what is wrong, then how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Severity(StrEnum):
    ERROR = "Error"
    WARNING = "Warning"


@dataclass(frozen=True, slots=True)
class Rule:
    severity: Severity
    title: str
    template: str


E, W = Severity.ERROR, Severity.WARNING

# The most characters of one text the PDFs (and their HTML twins) print: longer texts are cut
# there, followed by "…", with a `text.too_long` warning; report-data.xlsx keeps them whole.
# About eight lines of a table column, so a row always fits a page; the longest text in the
# sample is 242 characters (an Objectives cell), so nothing ordinary is cut.
PRINTED_TEXT_LIMIT: Final = 400
# The most characters of one piece of officers' prose (Commentary Text, a Recommendation, its
# Reason) the PDFs and HTML twins print: longer prose is cut there, followed by "…", with a
# `prose.too_long` warning. About two pages of A4; the longest commentary in the sample is
# 804 characters. A 1 MB cell would otherwise print as some 200 pages.
PROSE_TEXT_LIMIT: Final = 6_000
# Excel's limits (Microsoft's "Excel specifications and limits"): a workbook past them is one
# Excel "repairs" on opening, losing what is past them. pipeline/xlsx.py keeps every workbook
# the pipeline writes within them: a longer text is cut, followed by "…".
EXCEL_CELL_CHARACTERS: Final = 32_767
EXCEL_ROWS: Final = 1_048_576
EXCEL_COLUMNS: Final = 16_384
EXCEL_SHEET_NAME: Final = 31

RULES: Final = {
    # Files and sheets
    "file.not_xlsx": Rule(
        E,
        "Not an .xlsx workbook",
        "This is a {suffix} file, which the pipeline cannot read safely. "
        "Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx).",
    ),
    "file.unreadable": Rule(
        E,
        "Workbook cannot be opened",
        "This workbook cannot be opened ({reason}). If it is password-protected, remove the "
        "password; if it is damaged, save a fresh copy from Excel.",
    ),
    "file.too_large": Rule(
        E,
        "Workbook too large",
        "This workbook is too large to read safely: {reason}. Check it holds only the "
        "register, risk register or survey, and delete anything else (pictures, other "
        "sheets, rows far below the table), then save it again.",
    ),
    "sheet.too_far": Rule(
        E,
        "Something typed far outside the table",
        "Sheet “{sheet}” has something in cell {far}, far outside its table, so it would take "
        "{cells} cells to read. In Excel press Ctrl+End to find it, delete the rows and "
        "columns beyond your table, and save. The workbook was not read.",
    ),
    "file.no_partnerships": Rule(
        E,
        "No Partnerships sheet",
        "No workbook in the input folder has a Partnerships sheet. Add the partnership "
        "register workbook.",
    ),
    "sheet.unrecognised": Rule(
        W,
        "Sheet not used",
        "Sheet “{sheet}” is not one the pipeline reads, so it was ignored. Sheets read are: "
        "{known}.",
    ),
    "sheet.hidden": Rule(
        W,
        "Hidden sheet read",
        "Sheet “{sheet}” is hidden in Excel but was read. Unhide it, or delete it if its "
        "data is out of date.",
    ),
    "sheet.headings_missing": Rule(
        E,
        "Required headings missing",
        "No row in the first 20 has all the required headings; missing: {missing}. "
        "Add them (spelling as shown) to the heading row. The sheet was not read.",
    ),
    "column.extra": Rule(
        W,
        "Column not used",
        "Column “{heading}” is not one the pipeline reads, so it was left out of the reports.",
    ),
    "agreement.item_missing": Rule(
        W,
        "Agreement item column missing",
        "There is no column “{heading}”, one of the agreement items in settings.toml, so no "
        "partnership on this sheet is counted as covering it. Add the column, Yes or No for "
        "each partnership, or take the item out of the agreement items in settings.toml.",
    ),
    # Values
    "value.required": Rule(
        E,
        "Required value missing",
        "“{heading}” is blank. It must be filled in for every row.",
    ),
    "value.formula_without_value": Rule(
        E,
        "Formula with no stored value",
        "This cell holds a formula whose result was never saved. Open the workbook in Excel "
        "or LibreOffice and save it, so the result is stored.",
    ),
    "value.not_allowed": Rule(
        E,
        "Value not in the list",
        "“{value}” is not one of the allowed values for {heading}: {allowed}.",
    ),
    "date.not_a_date": Rule(
        E,
        "Not a date",
        "“{value}” is not a date. Type it as 03/03/2026 or 3 March 2026.",
    ),
    "date.month_first": Rule(
        E,
        "Month-first date",
        "“{value}” looks month-first. Dates are day first: type 14 March 2026 as 14/03/2026.",
    ),
    "date.impossible": Rule(
        E,
        "Impossible date",
        "“{value}” is not a real date: {why}. Check the day and the month.",
    ),
    "yes_no.not_yes_no": Rule(
        E,
        "Not Yes or No",
        "“{value}” is not Yes or No. Type Yes or No, or leave it blank if not known.",
    ),
    "money.not_a_number": Rule(
        E,
        "Not an amount of money",
        "“{value}” is not an amount. Type it as a number of pounds, such as £30,000.",
    ),
    "money.negative": Rule(
        E,
        "Negative amount",
        "“{value}” is negative. Type the council's contribution as a positive amount.",
    ),
    "number.not_a_number": Rule(
        E,
        "Not a number",
        "“{value}” is not a number. Type digits only, such as 12.",
    ),
    "number.not_whole": Rule(
        E,
        "Not a whole number",
        "“{value}” is not a whole number. Type a whole number, such as 3.",
    ),
    "number.out_of_range": Rule(
        E,
        "Number out of range",
        "“{value}” is outside the allowed range for {heading} ({allowed}).",
    ),
    "url.not_web_address": Rule(
        E,
        "Not a web address",
        "“{value}” is not a web address. Type it in full, starting http:// or https://.",
    ),
    "email.not_address": Rule(
        E,
        "Not an e-mail address",
        "“{value}” is not an e-mail address. Type one address in full, such as "
        "name@council.gov.uk.",
    ),
    "officer.not_listed": Rule(
        W,
        "Officer not on the Officers sheet",
        "“{value}” is not on the Officers sheet ({officers}), so their e-mail draft has no "
        "address: this is the first place the name is used. Add a row for them there, or type "
        "the name as it is spelt there.",
    ),
    "url.www_read_as_https": Rule(
        W,
        "Web address without https://",
        "“{value}” has no https:// in front, so it was read as {address}. Type it in full if "
        "that is not the address.",
    ),
    "text.too_long": Rule(
        W,
        "Text too long to print",
        f"“{{value}}…” is {{length}} characters long. The reports print no more than its "
        f"first {PRINTED_TEXT_LIMIT} characters, followed by “…” (report-data.xlsx keeps it "
        f"all, up to Excel's {EXCEL_CELL_CHARACTERS:,} characters a cell). Shorten it, or put "
        "the detail in another document and sum it up here.",
    ),
    "prose.too_long": Rule(
        W,
        "Commentary too long to print",
        f"“{{value}}…” is {{length}} characters long. The reports print no more than its "
        f"first {PROSE_TEXT_LIMIT:,} characters, about two pages, followed by “…” "
        f"(report-data.xlsx keeps it all, up to Excel's {EXCEL_CELL_CHARACTERS:,} characters "
        "a cell). Shorten it, or put the detail in another document and refer to it here.",
    ),
    # Cross-row and cross-sheet rules
    "id.duplicate": Rule(
        E,
        "Duplicate Partnership ID",
        "Partnership ID “{value}” is used by {count} partnerships ({places}){references}. "
        "Give each partnership its own ID{then}.",
    ),
    "id.hidden_characters": Rule(
        E,
        "Hidden characters in an ID",
        "{heading} “{value}” holds a character you cannot see, shown here as ⟨…⟩. It usually "
        "comes in with text copied from an e-mail, a web page or a PDF, and makes this a "
        "different ID from the one it looks like. Clear the cell and type the ID again.",
    ),
    "id.other_alphabet": Rule(
        E,
        "Letters from another alphabet in an ID",
        "{heading} “{value}” has a letter or digit from another alphabet than A to Z and 0 to "
        "9: {letters}. It looks like ours but makes this a different ID, usually after text "
        "was copied from elsewhere. Clear the cell and type the ID again.",
    ),
    "id.unknown_partnership": Rule(
        E,
        "Unknown Partnership ID",
        "Partnership ID “{value}” is not in the Partnerships sheet. Check the spelling or "
        "add the partnership to the register.",
    ),
    "id.name_not_id": Rule(
        E,
        "Partnership name where its ID belongs",
        "“{value}” is the name of partnership {partnership_id}, not its Partnership ID. Type "
        "{partnership_id} here: this column holds Partnership IDs from the Partnerships sheet.",
    ),
    "date.end_before_start": Rule(
        E,
        "End date before start date",
        "{heading} {value} is before the {start_heading} {start}. Check both dates.",
    ),
    "date.after_as_of": Rule(
        E,
        "Date in the future",
        "{heading} {value} is {gap} after the reporting date {as_of}, so it has not happened "
        "yet. Check the date.",
    ),
    "decision.overdue": Rule(
        W,
        "Decision was due",
        "{heading} {value} is {gap} before the reporting date {as_of}, but this proposal is "
        "still awaiting a decision, so the decision was due. Record the decision (Approved or "
        "Declined) with the date it was taken, or type the date it is now expected.",
    ),
    # Risks
    "risk.duplicate_number": Rule(
        E,
        "Duplicate risk number",
        "Risk no {value} is used more than once for partnership {partnership} "
        "(also at {other}). Number each partnership's risks 1, 2, 3 and so on.",
    ),
    "risk.unknown_type": Rule(
        E,
        "Unknown risk type",
        "“{value}” is not a risk type. Use letters from R F S L T E P, separated by commas.",
    ),
    "level.unknown": Rule(
        E,
        "Level not on the matrix",
        "“{value}” is not a level of the {scale} scale in the {matrix} matrix. "
        "Use one of: {allowed}.",
    ),
    "level.words_disagree": Rule(
        E,
        "Level number and name disagree",
        "“{value}” gives {scale} level {number}, which is {name} on this matrix, not {words}. "
        "Type {number}, {name}, or the level you meant.",
    ),
    "rating.not_a_number": Rule(
        W,
        "Typed rating is not a number",
        "“{value}” is not a number, so it was ignored; the report uses the matrix's rating.",
    ),
    "risk.rating_mismatch": Rule(
        W,
        "Rating does not match the matrix",
        "{stage} rating {value} does not match impact {impact} and likelihood {likelihood} "
        "in the {matrix} matrix; the report uses {computed}.",
    ),
    "risk.residual_missing": Rule(
        W,
        "No residual rating",
        "Residual impact and likelihood are blank, so no controls are recorded yet; the "
        "report uses the inherent rating {computed} as the residual rating.",
    ),
    "risk.residual_half": Rule(
        E,
        "Residual rating half filled in",
        "Only one of residual impact and residual likelihood is filled in. Fill in both, or "
        "leave both blank if there are no controls yet.",
    ),
    "risk.residual_above_inherent": Rule(
        W,
        "Residual above inherent",
        "Residual rating {residual} is higher than the inherent rating {inherent}. Controls "
        "should not make a risk worse: check both ratings.",
    ),
    "risk.lowered_without_controls": Rule(
        W,
        "Residual lowered with no controls",
        "Residual rating {residual} is lower than the inherent rating {inherent}, but no "
        "controls are recorded. Describe the controls that lower it.",
    ),
    # Town and parish councils
    "council.duplicate": Rule(
        E,
        "Council listed twice",
        "Partnership ID “{value}” is listed more than once in Local councils (also at "
        "{other}). List each council once.",
    ),
    "meeting.council_missing": Rule(
        E,
        "Meeting without a council",
        "This {meeting} is a meeting with one council, so its Partnership ID must be filled "
        "in. Type the council's Partnership ID from the Partnerships sheet.",
    ),
    "consultation.closes_before_issued": Rule(
        E,
        "Consultation closes before it is issued",
        "{heading} {value} is before the date it was issued, {issued}. Check both dates.",
    ),
    "consultation.more_responses": Rule(
        W,
        "More responses than councils consulted",
        "{value} responses is more than the {consulted} councils consulted, so the response "
        "rate would be over 100%. Check both numbers.",
    ),
    "risk.target_half": Rule(
        E,
        "Target rating half filled in",
        "Only one of target impact and target likelihood is filled in. Fill in both, or leave "
        "both blank if no target is set.",
    ),
    "risk.target_above_residual": Rule(
        W,
        "Target above residual",
        "Target rating {target} is higher than the residual rating {residual}. A target is "
        "where the risk should be once planned controls work: check both ratings.",
    ),
    "risk.target_date_without_target": Rule(
        W,
        "Target date with no target",
        "Target date {value} is given but the target impact and likelihood are blank, so it "
        "was ignored. Fill in both target levels, or clear the date.",
    ),
    "risk_action.unknown_risk": Rule(
        E,
        "Action for a risk that is not in the register",
        "Risk no {value} is not a risk of partnership {partnership} in the Risks sheet, so "
        "this action belongs to no risk. Check the number, or add the risk to the "
        "partnership's risk register.",
    ),
    # Exempt information and the officers' voice
    "exempt.reason_missing": Rule(
        E,
        "Exempt with no reason",
        "This partnership is marked Exempt but its Exempt reason is blank. Give the Schedule "
        "12A paragraph, such as “Schedule 12A paragraph 3: financial or business affairs”, "
        "or set Exempt to No.",
    ),
    "exempt.reason_not_given": Rule(
        W,
        "Exempt with no reason given",
        "This row is marked Exempt but its Exempt reason is blank, so the board's list of "
        "exempt items will say “reason not given”. Give the Schedule 12A paragraph, such as "
        "“Schedule 12A paragraph 3: financial or business affairs”.",
    ),
    "recommendation.duplicate_number": Rule(
        E,
        "Recommendation number used twice",
        "Recommendation {value} is numbered twice for the {report} report (also at {other}). "
        "Number each report's recommendations 1, 2, 3 and so on; a Both row counts in both.",
    ),
    "commentary.unknown_figure": Rule(
        E,
        "Unknown live figure",
        "“{value}” is not the name of a figure, so the report cannot print it. In braces, "
        "type one of the Summary sheet's keys: {keys}; or write it without braces.",
    ),
    # Survey
    "response.duplicate_id": Rule(
        E,
        "Duplicate Response ID",
        "Response ID “{value}” is used more than once in survey year {year} "
        "(also at {other}). Give each response its own ID.",
    ),
    "question.duplicate_id": Rule(
        E,
        "Duplicate Question ID",
        "Question ID “{value}” is listed more than once in this workbook (also at {other}).",
    ),
    "question.reworded": Rule(
        E,
        "Question reworded",
        "Question {value} is worded differently in {other}. A reworded question needs a new "
        "Question ID, so that trends never compare different questions.",
    ),
    "question.unknown_column": Rule(
        E,
        "Answers to an unknown question",
        "Column “{value}” looks like a Question ID but is not in the Questions sheet. Add the "
        "question to Questions, or correct the heading.",
    ),
    "answer.not_on_scale": Rule(
        E,
        "Answer not on the scale",
        "“{value}” is not an answer on the 1–5 scale. Use 1 to 5, Strongly disagree … "
        "Strongly agree, Don't know, N/A or leave it blank.",
    ),
}
