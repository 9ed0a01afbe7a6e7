"""Models of the manual's content library: hazards, trades, protective equipment and each jurisdiction's law.

Why here and not in code: this is content a safety person checks and corrects, so it lives in ``data/`` as
YAML with its sources, is checked by ``corcli validate``, and can be replaced by the user's own files.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from corcli.models.base import DataFile, Identifier, StrictModel, Text

LawCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z]{2})?$")]


class Scoped(StrictModel):
    """Who a piece of content belongs to: trades and industries (empty lists mean 'no limit')."""

    trades: list[Identifier] = Field(
        default_factory=list, description="Trade ids (data/trades) it belongs to; empty for every trade."
    )
    industries: list[Identifier] = Field(
        default_factory=list, description="Industries (catalog vocabulary) it belongs to; empty for every industry."
    )

    def fits(self, trades: set[str], industry: str) -> bool:
        """Whether it belongs to a company of these trades and this industry."""
        trade_ok = not self.trades or bool(trades & set(self.trades))
        industry_ok = not self.industries or industry in self.industries
        if self.trades and self.industries:
            return trade_ok or industry_ok
        return trade_ok and industry_ok


class Control(Scoped):
    """One control for a hazard; limited to some trades or industries where its words are specific to them."""

    text: Text = Field(description="The control, as the manual prints it.")


class Hazard(DataFile):
    """A hazard the manual can cover, with every control, the inspection checks and the training it needs."""

    kind: Literal["hazard"] = Field(description="Marks this file as a hazard.")
    id: Identifier = Field(description="Short id, e.g. 'falls'.")
    name: Text = Field(description="Heading, e.g. 'Falls from heights'.")
    where: Text = Field(description="Where it is met, in a few words (no trade-specific words unless scoped).")
    priority: int = Field(ge=1, le=99, description="Order in the manual among the company's hazards (1 first).")
    industries: list[Identifier] = Field(
        default_factory=list, description="Industries for which it is one of the main hazards."
    )
    trades: list[Identifier] = Field(default_factory=list, description="Trades that bring it to the front.")
    office: bool = Field(default=False, description="Whether it is a hazard of office work.")
    controls: list[Control] = Field(min_length=1, description="Every control; each is printed.")
    checks: list[Text] = Field(default_factory=list, description="Items for the inspection checklist.")
    training: list[Text] = Field(default_factory=list, description="Courses it calls for.")
    plans: list[Identifier] = Field(
        default_factory=list,
        description="Written plans it needs (ids of the law files' plans, e.g. 'fall-protection').",
    )
    ppe: str = Field(default="", description="Protective equipment it needs beyond the everyday set.")


class Procedure(Scoped):
    """A safe job procedure for one task of a trade: the steps in order."""

    title: Text = Field(description="The task, e.g. 'Setting up a warning line on a low-slope roof'.")
    hazards: list[Identifier] = Field(default_factory=list, description="Hazard ids it controls.")
    steps: list[Text] = Field(min_length=2, description="The steps, in order.")


class Trade(DataFile):
    """A trade or line of work: the words that name it, and its safe job procedures."""

    kind: Literal["trade"] = Field(description="Marks this file as a trade.")
    id: Identifier = Field(description="Short id, e.g. 'roofing'.")
    name: Text = Field(description="Name, e.g. 'Roofing'.")
    words: list[Annotated[str, StringConstraints(min_length=3, to_lower=True)]] = Field(
        min_length=1, description="Word stems in the profile's company.trade that name this trade, e.g. 'roof'."
    )
    industries: list[Identifier] = Field(default_factory=list, description="Industries the trade is found in.")
    office: bool = Field(default=False, description="Whether this is office work (office hazards only).")
    procedures: list[Procedure] = Field(default_factory=list, description="Safe job procedures for its tasks.")


class ProtectiveEquipment(DataFile):
    """The protective equipment everyone wears at work, for a group of industries."""

    kind: Literal["ppe"] = Field(description="Marks this file as an everyday protective equipment set.")
    id: Identifier = Field(description="Short id, e.g. 'field'.")
    industries: list[Identifier] = Field(min_length=1, description="Industries that wear it.")
    items: list[Text] = Field(min_length=1, description="Each item, e.g. 'CSA-approved safety boots'.")
    worker_supplied: list[Text] = Field(
        default_factory=list, description="Items workers usually provide themselves (to the CSA standard)."
    )


__all__ = [
    "Agency",
    "ContentEntry",
    "Control",
    "FirstAidDistance",
    "FirstAidRow",
    "FirstAidTable",
    "Hazard",
    "HazardLevel",
    "Instrument",
    "JurisdictionLaw",
    "LawCode",
    "LawStatement",
    "LawTopic",
    "Plan",
    "Procedure",
    "ProtectiveEquipment",
    "Scoped",
    "Trade",
]


class Instrument(StrictModel):
    """An Act, regulation or code that the law file cites."""

    id: Identifier = Field(description="Short id the statements cite, e.g. 'act' or 'code'.")
    title: Text = Field(description="Full title, e.g. 'Occupational Health and Safety Code'.")
    short: Text = Field(description="How citations name it, e.g. 'OHS Code'.")
    in_force: date | None = Field(default=None, description="Date its current text took effect, where known.")
    url: str = Field(default="", description="Official address.")


class LawStatement(StrictModel):
    """One legal statement, in corcli's words, and the section it comes from."""

    text: Text = Field(description="What the law asks, as the manual says it (our words, not a quotation).")
    law: Identifier = Field(description="Id of the instrument it cites (see 'instruments').")
    section: Text = Field(description="The section, e.g. 's.17(4)' or 'Part 27, s.390'.")
    checked: date | None = Field(default=None, description="When it was checked against the law; default the file's.")


class LawTopic(StrictModel):
    """A part of the law an employer's program must cover: committee, refusal, reporting..."""

    id: Identifier = Field(description="Topic id, e.g. 'work-refusal'.")
    title: Text = Field(description="Heading in the manual.")
    intro: str = Field(default="", description="A sentence that opens the topic.")
    statements: list[LawStatement] = Field(default_factory=list, description="What the law asks, each cited.")
    steps: list[LawStatement] = Field(default_factory=list, description="A procedure's steps in order, each cited.")
    own_section: bool = Field(default=False, description="Printed as a section of its own (a plan or policy).")
    to_complete: str = Field(
        default="",
        description=(
            "Where no rule was confirmed for this topic: what the company must fill in (printed as a placeholder)."
        ),
    )
    hazards: list[Identifier] = Field(
        default_factory=list,
        description="Printed only when the company's hazards include one of these (e.g. 'falls'); empty: always.",
    )


class Plan(StrictModel):
    """A written plan the law requires for some work, and what it must contain."""

    id: Identifier = Field(description="Plan id, as hazards name it, e.g. 'fall-protection'.")
    title: Text = Field(description="Title, e.g. 'Fall protection plan'.")
    when: LawStatement = Field(description="When the plan is required.")
    contents: list[LawStatement] = Field(min_length=1, description="What the plan must set out, each cited.")
    kept: LawStatement | None = Field(default=None, description="Where it is kept and when it is reviewed.")


class Agency(StrictModel):
    """A regulator or a workers' compensation board."""

    name: Text = Field(description="Name, e.g. 'Alberta Occupational Health and Safety'.")
    short: Text = Field(description="Short name used in the text, e.g. 'WSIB'.")
    phone: str = Field(default="", description="Number to call, where the law or the agency gives one.")
    url: str = Field(default="", description="Official address.")


HazardLevel = Literal["low", "medium", "high"]
"""How hazardous the work is, for the first aid tables."""


class FirstAidDistance(StrictModel):
    """A band of travel time from the work site to the nearest health care facility."""

    id: Identifier = Field(description="Band id the rows use, e.g. 'close'.")
    label: Text = Field(description="How the manual names it, e.g. 'close (less than 20 minutes)'.")
    below_minutes: int | None = Field(
        default=None, ge=1, description="The band holds travel times below this many minutes; null for the last band."
    )


class FirstAidRow(StrictModel):
    """One cell of a first aid table: what a site of this hazard, distance and size needs on each shift."""

    hazard: HazardLevel = Field(description="Hazard level of the work.")
    distance: Identifier = Field(description="Distance band id.")
    workers_from: int = Field(ge=1, description="Smallest number of workers on the shift this row covers.")
    workers_to: int | None = Field(default=None, ge=1, description="Largest number it covers; null for no limit.")
    emergency_first_aiders: int = Field(default=0, ge=0, description="Emergency first aiders on each shift.")
    standard_first_aiders: int = Field(default=0, ge=0, description="Standard first aiders on each shift.")
    standard_per_extra_100: bool = Field(
        default=False,
        description="One more standard first aider for each further 1 to 100 workers above workers_from.",
    )
    kit: Text = Field(description="The first aid kit, as the manual names it.")
    equipment: list[Text] = Field(default_factory=list, description="Other equipment, e.g. '3 blankets'.")
    room: str = Field(default="", description="A first aid room or designated area, where the row asks for one.")


class FirstAidTable(StrictModel):
    """The jurisdiction's first aid table, by hazard, distance from medical help and workers per shift."""

    law: Identifier = Field(description="Id of the instrument that sets the table.")
    section: Text = Field(description="Where, e.g. 'Part 11, s.178, Schedule 2'.")
    tables: dict[HazardLevel, Text] = Field(description="The table for each hazard level, e.g. 'Schedule 2, Table 7'.")
    distances: list[FirstAidDistance] = Field(min_length=1, description="Travel-time bands, nearest first.")
    hazard_by_industry: dict[str, HazardLevel] = Field(
        default_factory=dict, description="The hazard level of the work of each corcli industry; offices are low."
    )
    hazard_rule: Text = Field(description="How the law sorts work into hazard levels, in a sentence, cited.")
    rows: list[FirstAidRow] = Field(min_length=1, description="The table's cells.")
    kits: Text = Field(description="The standard the kits must meet, as the manual says it.")


class JurisdictionLaw(DataFile):
    """What a jurisdiction's OHS law asks of an employer's program, topic by topic, each statement cited."""

    kind: Literal["law"] = Field(description="Marks this file as a jurisdiction's law for the manual.")
    code: LawCode = Field(description="Code of the jurisdiction file it belongs to, e.g. AB.")
    checked: date = Field(description="When the statements were last checked against the law.")
    regulator: Agency = Field(description="Who enforces the OHS law and takes serious incident reports.")
    board: Agency = Field(description="The workers' compensation board.")
    instruments: list[Instrument] = Field(min_length=1, description="The Acts, regulations and codes cited.")
    committee_name: Text = Field(
        default="joint health and safety committee", description="What the law calls the committee."
    )
    representative_name: Text = Field(
        default="health and safety representative", description="What the law calls the representative."
    )
    committee_meets: Literal["monthly", "quarterly"] | None = Field(
        default=None, description="How often the law says the committee or representative meets; null if silent."
    )
    program_review_years: int | None = Field(
        default=None, ge=1, le=10, description="Years within which the law says the program is reviewed."
    )
    topics: list[LawTopic] = Field(default_factory=list, description="The parts of the law the manual covers.")
    plans: list[Plan] = Field(default_factory=list, description="Written plans the law requires for some work.")
    required: list[Identifier] = Field(
        default_factory=list, description="Topic ids the manual must contain (checked by 'manual --lint')."
    )
    first_aid: FirstAidTable | None = Field(
        default=None, description="The first aid table the manual works each site's needs out from; null if not read."
    )


ContentEntry = Hazard | Trade | ProtectiveEquipment | JurisdictionLaw
"""Every kind of content file."""
