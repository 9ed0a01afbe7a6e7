"""The shipped catalog: every file loads, every fact has a source, and the rules match the reference.

The tables below are written by hand from ``../shared/reference/cor-programs.md`` (sections cited per row),
so a change to a data file that contradicts the reference fails here.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from corcli.catalog.loader import Catalog, iter_data_files, load_catalog, load_entry
from corcli.models import (
    INDUSTRIES,
    AuditStandard,
    CertifyingPartner,
    Jurisdiction,
    Program,
)
from corcli.models.catalog import CommitteeRule, PassRule, Recurrence, Verification
from corcli.models.content import JurisdictionLaw
from corcli.storage import resources

UNKNOWN = "unknown"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _data_files() -> list[Path]:
    return iter_data_files(resources.data_dir())


# ---------------------------------------------------------------- tables from the reference

# §16 (per-jurisdiction partner lists: §1.2, §2, §3, §4, §5-§8, §10, §11).
PARTNERS_PER_JURISDICTION = {
    "AB": 13,  # 11 confirmed + WWTAA + Government of Alberta entry (uncertain)
    "BC": 10,  # 8 + SafeCare BC and BCMEA (uncertain), ESC counted here too
    "SK": 6,  # SCSA, HCSAS, SHSA, SASM, ESC, STA (trucking COR since 2020, review §2)
    "MB": 8,  # CSAM, MHCA, Made Safe, RPM, S2SA, MASH, MVSAM, Farm Safety Program (review §2)
    "ON": 1,
    "NS": 1,
    "NB": 1,
    "NL": 1,
    "YT": 1,
    "NT-NU": 1,
}

# Small-employer certificate: (available, max headcount inclusive, measure). §1.3, §2, §3, §4, §6, §10, §16.
THRESHOLDS: dict[str, tuple[str, int | str | None, str]] = {
    "AB": ("yes", 10, "headcount"),  # <= 10 at the peak of 12 months
    "BC": ("yes", 19, "fte"),  # small = 19 or fewer FTE
    # Saskatchewan and Manitoba set no provincial small-employer rule: each partner's SECOR has its own
    # (HCSAS and CSAM "fewer than 10", SCSA "nine or fewer"), so the jurisdiction default is unknown.
    "SK": ("unknown", UNKNOWN, "unknown"),
    "MB": ("unknown", UNKNOWN, "unknown"),
    "YT": ("yes", 9, "headcount"),  # "fewer than 10 at peak"
    "NS": ("no", None, "headcount"),  # size classes instead
    "ON": ("unknown", UNKNOWN, "unknown"),
    "NB": ("unknown", UNKNOWN, "unknown"),
    "NL": ("unknown", UNKNOWN, "unknown"),
    "NT-NU": ("unknown", UNKNOWN, "unknown"),
    "PE": ("no", None, "unknown"),
    "QC": ("no", None, "unknown"),  # no COR program (review §2): said plainly
}
NO_PROGRAM = {"PE", "QC"}

# Certification pass rule 80% overall / 50% per element everywhere a program exists (§14);
# maintenance: Alberta 60% overall with no element floor (one CP source, §1.5), unknown elsewhere.
MAINTENANCE_PASS: dict[str, tuple[float, float | None] | str] = {
    "AB": (60, None),
    "NT-NU": (80, 50),  # NSA: audits maintained annually at 80/50 (nsa-nt.ca, review §2)
}

# Validity in years (§1.5, §2, §4); unknown where the reference has none.
VALIDITY = {"AB": 3, "BC": 3, "MB": 3, "NS": UNKNOWN, "NB": UNKNOWN, "YT": UNKNOWN, "NT-NU": 3}

# Legislation sources that are not in the reference: each was read (stored public copy, Nov 2026) and the value
# says what it confirmed. Only these may be missing from the reference.
_CHECKED = "checked on the stored public page: "
_AB_CODE = "https://search-ohs-laws.alberta.ca/legislation/occupational-health-and-safety-code"
VERIFIED_ELSEWHERE = {
    # Review 2026-12 §2 facts, each read on the stored page
    "https://www.ontario.ca/page/guide-health-and-safety-committees-and-representatives": _CHECKED
    + "Ontario's guide for joint health and safety committees and representatives under the OHSA",
    "https://wsps.ca/resource-hub/i/1317286/2": _CHECKED
    + "WSPS: committees must meet at least once every three months and keep minutes (OHSA s.9(22),(33)-(35))",
    "https://www.westernstandard.news/news/safety-assoc-of-sask-manufacturers-alleges-assault-by-workers-comp/51738": (
        _CHECKED + "WCB letter: SASM funding temporarily suspended, no Q4 2023 funding, no 2024 contract"
    ),
    "https://ckom.com/2024/08/30/allegations-of-bullying-and-breach-of-trust-fly-in-wcb-safety-association-dispute": (
        _CHECKED + "the WCB stopped paying SASM levies and is taking SASM to court (Aug 2024)"
    ),
    "https://sasktrucking.com/news/2020-09-14-benefits-of-trucking-industry-certificate-of-recognition": _CHECKED
    + "the STA launched its trucking COR in March 2020",
    "https://www.ohscanada.com/manitoba-trucking-association-safe-work-launch-safety-initiative/": _CHECKED
    + "the Manitoba Trucking Association and SAFE Work Manitoba launched RPM Trucking Industry Safety (Sept 2015)",
    # SAFE Work Manitoba's own pages on who audits and when (programs3, searched Dec 2026)
    "https://www.wcb.mb.ca/safe-work-manitoba/safety-training-and-certification/safe-work-certified-auditors/": _CHECKED
    + "SWC auditors are external; certification and recertification every 3 years by one; maintenance audits in "
    "years 2 and 3 by a trained maintenance auditor",
    "https://www.safemanitoba.com/safe-work-certified/Pages/Manage-Maintenance-Audits.aspx": _CHECKED
    + "maintenance audits before the anniversary, no earlier than six months after the previous audit",
    "https://www.safemanitoba.com/safe-work-certified/Pages/Process-for-Conducting-a-SAFE-Work-Certified-Audit-.aspx": (
        _CHECKED + "worker co-chair or representative in the pre-audit meeting; report comments on safety culture"
    ),
    "https://auditsoft.freshdesk.com/support/solutions/articles/47001178052-ihsa-infrastructure-health-and-safety-"
    "association-": _CHECKED
    + "IHSA moves from COR 2015 to COR 2020 by 2025; external audits on COR 2020 from 1 Oct 2022",
    "https://www.safemanitoba.com/safe-work-certified/Pages/Pass-Audit.aspx": (
        _CHECKED + "pre-audit meeting: employer representative and worker co-chair or representative (or designate)"
    ),
    "https://www.safemanitoba.com/safe-work-certified/Pages/SAFE-Work-Certified-FAQs-Worker-Participation.aspx": (
        _CHECKED + "interviews, sites, documents; worker participation assessed; pass or fail with a recommendation, "
        "no pass mark"
    ),
    "https://fdocuments.net/document/safe-work-certified-audit-tool-20-or-more-employees-auditor-handbook"
    "-2017-11-01.html": (
        _CHECKED + "copy of SWC-004 (10/2017): professional judgement per element; most of the workforce active"
    ),
    "https://www.safemanitoba.com/safe-work-certified/Pages/Conduct-Maintenance-Audits.aspx": (
        _CHECKED
        + "latest SWC Maintenance Audit Tool; trained maintenance auditor or SWC auditor; action plan to the CP"
    ),
    "https://www.constructionsafety.ca/safety-culture-assessment-in-audits/": _CHECKED
    + "CSAM: a Safety Culture Assessment is required with every COR/SECOR audit; 12 objectives, six dimensions; "
    "not scored",
    # Prince Edward Island (no COR program): the legal program and the committee rule, from WCB PEI
    "https://ohsguide.wcb.pe.ca/topic/OHS_program.html": _CHECKED
    + "WCB PEI OHS guide: written policy at 5 or more workers, reviewed yearly (OHS Act s.24(1), (3), (4)); "
    "written program at 20 or more (s.23(1))",
    "https://ohsguide.wcb.pe.ca/topic/committee.html": _CHECKED
    + "WCB PEI OHS guide: committee where 20 or more are regularly employed, monthly (s.25); representative at 5 "
    "or more without a committee (s.26)",
    "http://www.wcb.pe.ca/Workplace/JOSHCommittees": _CHECKED
    + "WCB PEI: committee at 20 or more workers, meets monthly, posts minutes; representative at 5 to 19",
    "https://ohsguide.wcb.pe.ca/topic/duties_employer.html": _CHECKED
    + "WCB PEI OHS guide: employer duties s.12(1)(b)-(f), posting the Act and regulations s.45",
    # Quebec (no COR program)
    "http://legisquebec.gouv.qc.ca/en/document/cs/S-2.1/20240101": _CHECKED
    + "LegisQuébec: Act respecting occupational health and safety, chapter S-2.1; 'Commission' is the CNESST",
    # AMTA's COR page served from AMTA's host address
    "http://159.203.16.86/what-we-do/cor/cor-program": _CHECKED
    + "AMTA: COR for 11 or more employees; maintenance audits by an internal COR auditor or an AMTA consultant",
    # Alberta
    "https://search-ohs-laws.alberta.ca/legislation/": _CHECKED
    + "Government of Alberta OHS search tool lists the three parts: OHS Act, OHS Regulation, OHS Code",
    "https://search-ohs-laws.alberta.ca/legislation/occupational-health-and-safety-act/"
    "definitions-and-purposes-of-this-act/": _CHECKED
    + "the OHS Act page shows 'Chapter O-2.2' (year SA 2020 from CanLII's page for SA 2020, c O-2.2)",
    "https://search-ohs-laws.alberta.ca/legislation/occupational-health-and-safety-code": _CHECKED
    + "'Occupational Health and Safety Code ... Alberta Regulation 191/2021'",
    "https://www.alberta.ca/ohs-act-regulation-code": _CHECKED
    + "alberta.ca: rules fall under the OHS Act, regulation and code; links to the official online version",
    # The manual's content library (data/hazards, data/trades, data/ppe)
    _AB_CODE + "/part-9-fall-protection": _CHECKED
    + "OHS Code Part 9: s.139 protection from falls of 3 m or more; s.140 fall protection plan with rescue procedures",
    _AB_CODE + "/part-27-violence-and-harassment": _CHECKED
    + "OHS Code Part 27: s.390 violence and harassment prevention plan and what it includes",
    "http://ohsguide.scsaonline.ca/topic/hotwork.html": _CHECKED
    + "SCSA OHS guide: hot work produces arcs, sparks, flames or heat; written procedures and atmosphere testing",
    "https://safetyalliancebc.ca/tag/lockout-tagout/": _CHECKED
    + "BC OHSR Part 10 (10.2): energy sources isolated and controlled where unexpected start-up could injure",
    "https://dokumen.tips/documents/"
    "occupational-health-and-safety-ohs-working-alone-occupational-health-and-safety.html": _CHECKED
    + "copy of the Government of Alberta's 'OHS working alone requirements' (WA002, OHS Code Part 28)",
    # The manual's law files (data/law)
    "https://search-ohs-laws.alberta.ca/legislation/occupational-health-and-safety-act/part-3-dangerous-"
    "work-and-disciplinary-action/": _CHECKED + "AB: The right to refuse and its steps (Act s.17).",
    "https://search-ohs-laws.alberta.ca/legislation/occupational-health-and-safety-act/part-2-health-"
    "and-safety-committees-representatives-and-programs": _CHECKED
    + "AB: The committee at 20 or more regularly employed workers (Act s.13); Part 2 on programs.",
    "https://search-ohs-laws.alberta.ca/legislation/occupational-health-and-safety-code/part-13-joint-"
    "health-and-safety-committees-and-health-and-safety-representatives/": _CHECKED
    + "AB: The representative under Act s.14; co-chairs, worker members and terms of reference (Code s.196-"
    "197).",
    "https://alberta.ca/report-serious-injuries-incident.aspx": _CHECKED
    + "AB: The incidents to report, the OHS Contact Centre number, not disturbing the scene (Act s.33), "
    "investigation.",
    "https://oirportal.labour.alberta.ca/pre-screening/": _CHECKED
    + "AB: Potentially serious incidents reported online (Act s.33(5)).",
    "https://worksafebc.com/en/law-policy/occupational-health-safety/searchable-ohs-regulation/ohs-guidelines/"
    "guidelines-part-03": _CHECKED
    + "BC: OHSR Part 3 sections on refusal (3.12), first aid assessment (3.16), evaluation (3.26), training "
    "(3.27).",
    "http://www2.worksafebc.com/publications/OHSRegulation/Part3.asp": _CHECKED
    + "BC: OHSR Part 3 contents (3.1-3.3 program, 3.12 refusal, 3.16 first aid, Schedule 3-A).",
    "https://guides.co/g/guide-to-completing-an-employer-incident-investigation-rep/518041": _CHECKED
    + "BC: A copy of WorkSafeBC's investigation guide; incidents needing immediate notice and the number.",
    "http://cocabc.ca/joint-health-and-safety-committee-changes-april-3-2017/": _CHECKED
    + "BC: Mandatory annual evaluation of joint committees and training since 3 April 2017.",
    "https://www.wcb.mb.ca/topics/harassment-and-violence/": _CHECKED
    + "MB: The harassment prevention policy and its required statements, including the Human Rights Commission.",
    "http://azkurs.org/2022-manitoba-workplace-safety-and-health-act-and-regulation/azkurs.org/2022-"
    "manitoba-workplace-safety-and-health-act-and-regulation.html?page=111": _CHECKED
    + "MB: The text of Regulation Part 10, s.10.1 and s.10.2(1)(a)-(f) and (2).",
    "https://www.wcb.mb.ca/safeworkmanitoba/safety-and-health-committees/creating-a-workplace-safety-"
    "and-health-committee": _CHECKED + "MB: Committee of 4 to 12 members, half workers, two co-chairs, names posted.",
    "https://www.safemanitoba.com/topics/Pages/Reporting-Serious-Incidents.aspx": _CHECKED
    + "MB: Serious incidents defined (Reg. s.2.6), reported at once (s.2.7), the 24-hour numbers.",
    "https://www.rpmsafety.ca/blog/post/81/understanding-right-refuse-unsafe-work-manitoba": _CHECKED
    + "MB: The right to refuse (WSHA s.43(1)) and its steps.",
    "https://cfib-fcei.ca/en/tools-resources/how-to-get-your-safety-committee-or-representative-in-place?hs_"
    "amp=true": _CHECKED + "MB: Committee meetings every three months.",
    "https://www.ontario.ca/document/guide-occupational-health-and-safety-act/part-vii-notices": _CHECKED
    + "ON: Notices of death or critical injury (s.51), the 48-hour written report, the 4-day notice.",
    "https://www.ontario.ca/page/reporting-workplace-incidents-or-structural-hazards": _CHECKED
    + "ON: The Health and Safety Contact Centre 1-877-202-0008, O. Reg. 420/21, not disturbing the scene.",
    "https://www.ontario.ca/page/understand-law-workplace-violence-and-harassment": _CHECKED
    + "ON: The violence and harassment policies, programs and assessment (Part III.0.1).",
    "https://www.ontario.ca/page/"
    "guide-health-and-safety-committees-and-representatives?_ga=2.113835079.1337137334.1553548735-"
    "1283490351.1515699455": _CHECKED + "ON: Committees and representatives, their meetings and posted names.",
    "https://dioceseofsaultstemarie.org/blog/ohsa-material": _CHECKED
    + "ON: The mandatory poster with the ministry number, the yearly policy review, the violence and harassment "
    "policies posted except with five or fewer workers, and the WSIB Form 82 poster.",
    "https://heartandsafety.com/regulations-WVH.html": _CHECKED
    + "ON: The text of OHSA s.32.0.1 (policies, yearly review, posting, five or fewer) and s.32.0.2 (program).",
    # British Columbia
    "https://www.bclaws.gov.bc.ca/civix/document/id/complete/statreg/19001_00_multi": _CHECKED
    + "BC Laws: 'Workers Compensation Act [RSBC 2019] CHAPTER 1', Part 2 Occupational Health and Safety",
    "https://www.worksafebc.com/en/law-policy/occupational-health-safety/searchable-ohs-regulation": _CHECKED
    + "WorkSafeBC: searchable OHS Regulation and OHS provisions of the Workers Compensation Act",
    "https://worksafebc.com/resources/law-policy/board-of-directors-decisions/"
    "bod-2015-10-22-employer-incident-investigations?lang=en": _CHECKED
    + "WorkSafeBC board decision names the 'Occupational Health and Safety Regulation, B.C. Reg. 296/97'",
    "https://www.worksafebc.com/en/health-safety/create-manage/joint-health-safety-committees": _CHECKED
    + "WorkSafeBC: joint committee for 20 or more workers employed longer than a month",
    "https://www.worksafebc.com/en/resources/health-safety/interactive-tools/"
    "worker-health-safety-representative-fundamentals?lang=en": _CHECKED
    + "WorkSafeBC: representative where more than 9 but fewer than 20 workers",
    # Saskatchewan
    "https://saskatchewan.ca/business/safety-in-the-workplace/approved-standards-and-practices": _CHECKED
    + "saskatchewan.ca names The Saskatchewan Employment Act and The Occupational Health and Safety Regulations, 2020"
    " (citations SS 2013, c S-15.1 and RRS c S-15.1 Reg 10 from copies of the official consolidations)",
    "https://www.saskatchewan.ca/government/news-and-media/2021/august/16/"
    "engagement-begins-on-occupational-health-and-safety-provisions-of-the-sakatchewan-employment-act": _CHECKED
    + "saskatchewan.ca news: part III of The Saskatchewan Employment Act is occupational health and safety",
    "https://www.saskatchewan.ca/business/safety-in-the-workplace/ohc-and-ohs-representative/ohc": _CHECKED
    + "saskatchewan.ca: committee at 10 or more workers; representative at prescribed workplaces with 5 to 9",
    # Manitoba
    "https://web2.gov.mb.ca/laws/statutes/ccsm/w210e.php": "address printed on a copy (scribd) of the Manitoba laws"
    " page for 'C.C.S.M. c. W210 The Workplace Safety and Health Act'; the page itself was not in the stored corpus",
    "https://web2.gov.mb.ca/laws/statutes/archive/w210(2021-05-11)e.php?map=2&": _CHECKED
    + "Manitoba laws archive: 'C.C.S.M. c. W210 The Workplace Safety and Health Act', with a latest-version link",
    "https://www.safemanitoba.com/Topics/Pages/Legislation.aspx": _CHECKED
    + "SAFE Work Manitoba: The Workplace Safety and Health Act and the Workplace Safety and Health Regulation",
    "https://www.wcb.mb.ca/safe-work-manitoba/safety-and-health-committees/"
    "creating-a-workplace-safety-and-health-committee/": _CHECKED
    + "WCB Manitoba: 'Regulation 217/2006'; committee for 20 or more employees",
    "https://www.wcb.mb.ca/safe-work-manitoba/safety-and-health-committees/": _CHECKED
    + "WCB Manitoba: committee for 20 or more employees, representative for five to nineteen",
    # Ontario
    "http://www.e-laws.gov.on.ca/html/statutes/english/elaws_statutes_90o01_e.htm": _CHECKED
    + "e-Laws: 'Occupational Health and Safety Act, R.S.O. 1990, c. O.1', current consolidation",
    "https://www.ontario.ca/laws/regulation/900851/v11": _CHECKED
    + "e-Laws historical version: 'R.R.O. 1990, Reg. 851: INDUSTRIAL ESTABLISHMENTS' under the OHS Act",
    "https://www.ontariocanada.com/registry/view.do?postingId=38027&language=en": _CHECKED
    + "Ontario Regulatory Registry: 'O. Reg. 213/91- Construction Projects' under the OHS Act",
    # Nova Scotia
    "http://www.novascotia.ca/just/regulations/regs/hpaohs.htm": _CHECKED
    + "NS Registry of Regulations: 'Occupational Health and Safety Act, S.N.S. 1996, c. 7' and"
    " 'Workplace Health and Safety Regulations, N.S. Reg. 52/2013'",
    "https://www.wcb.ns.ca/resources/safety-laws-and-regulations": _CHECKED
    + "WCB Nova Scotia safety laws page linking to the OHS Act and Regulations",
    "https://www.wcb.ns.ca/toolkit/getting-started/learn-what-the-law-requires-of-you": _CHECKED
    + "WCB Nova Scotia: employer duties, representative and policy at 5 or more workers, the three rights",
    "https://novascotia.ca/lae/healthandsafety/JointHealthSafetyCommittee.asp": _CHECKED
    + "NS Labour: committee at 20 or more employees (more than four weeks), representative at 5 or more",
    # New Brunswick
    "https://www.legnb.ca/content/house_business\\60\\3\\bills\\Bill-24-e.htm": _CHECKED
    + "NB Legislative Assembly Bill 24: 'Occupational Health and Safety Act, chapter O-0.2 of the Acts of New"
    " Brunswick, 1983'",
    "https://www.worksafenb.ca/safety-topics/general-regulation-91-191-legislative-amendments-and-regulatory-review/": (
        _CHECKED + "WorkSafeNB: 'General Regulation 91-191' under the Occupational Health and Safety Act"
    ),
    "https://ohsguide.worksafenb.ca./topic/posting.html": _CHECKED
    + "WorkSafeNB OHS guide: post the Act and General Regulation 91-191, First Aid 2004-130, WHMIS 2016-6",
    "https://worksafenb.ca/education-and-training/joint-health-and-safety-committee-centre": _CHECKED
    + "WorkSafeNB: committee for 20 or more regularly employed employees",
    "https://www.ontario.ca/page/training-working-heights": _CHECKED
    + "ON: working at heights training for construction workers who use listed fall protection (O. Reg. 297/13), "
    "in addition to O. Reg. 213/91 s.26.2",
    "http://www.labour.gov.on.ca/english/hs/faqs/wah.php": _CHECKED
    + "ON Ministry of Labour FAQ: CPO-approved program and provider; in force 1 April 2015",
    "https://www.ccpengineering.com/blog--news/new-standard-for-training-programs-on-working-at-heights": _CHECKED
    + "third-party: Ontario working at heights training valid for three years",
    "https://www.go2hr.ca/explore-all-resources/consultation-on-proposed-amendments-to-minimum-levels-of-first-aid"
    "-in-the-workplace": _CHECKED
    + "go2HR: BC first aid amendments in force 1 Nov 2024, classes 1-4, written assessments, drills, CSA kits",
    "https://www.safecarebc.ca/2024/01/24/changes-to-worksafebcs-first-aid-requirements/": _CHECKED
    + "SafeCare BC: new Schedule 3-A by workers per shift, remoteness, accessibility, hazard rating",
    "https://okaloneworker.com/legislation/ca/lone-working-alberta": _CHECKED
    + "copy of OHS Code (AR 191/2021) Part 28: s.393 application, s.394 effective communication and contact",
    # Alberta first aid (data/law/ab.yaml first_aid)
    _AB_CODE + "/part-11-first-aid": _CHECKED
    + "OHS Code Part 11: s.177 CSA Z1210-17 training, s.178(1) Schedule 2 Tables 4 to 7, s.178(3) CSA Z1220-17 kits",
    "https://numberssafety.com/first-aid-high-hazard-work-definition": _CHECKED
    + "copy of OHS Code Schedule 2 (AR 191/2021, current to 31 March 2023): Tables 1-3, low, medium, high hazard",
    "http://www.shopsja.ca/Alberta-Regulations_ep_35-1.html": _CHECKED
    + "St. John Ambulance copy of Alberta's low hazard first aid table by workers per shift and distance",
    "http://www.biology.ualberta.ca/safety.hp/GenSafety/FirstAidRequirements.htm": _CHECKED
    + "University of Alberta copy of the medium and high hazard tables, 1 to 19 workers, 20 and 40 minute bands",
    # Prince Edward Island law file (data/law/pe.yaml)
    "http://www.wcb.pe.ca/Employers/ReportingAnInjury": _CHECKED
    + "WCB PEI: serious injuries as defined in OHS Act s.36(1) reported to 902-628-7513; Form 7 within three days",
    "https://www.wcb.pe.ca/Workplace/ReportingInjury": _CHECKED
    + "WCB PEI: serious injuries and explosions reported at once to 902-628-7513, scene kept, committee told",
    "https://ohsguide.wcb.pe.ca/topic/work_refusal.html": _CHECKED
    + "WCB PEI OHS guide: refusal pay and reassignment (s.29(3)-(5)), no retaliation (s.30(1)), orders (s.31(4))",
    "https://ohsguide.wcb.pe.ca/topic/workplace_harassment.html": _CHECKED
    + "WCB PEI OHS guide: Workplace Harassment Regulations definition (s.1, s.2) and the written policy",
    "https://www.wcb.pe.ca/Information/NewsItem/478": _CHECKED
    + "WCB PEI: Workplace Harassment Regulations (EC2019-710) in force 1 July 2020",
    "https://tatonga.ca/right-to-refuse/": _CHECKED + "third-party table: PEI's right to refuse is OHS Act s.28-29",
    # Yukon law file (data/law/yt.yaml) and committee rule
    "https://wcb.yk.ca/web-0044/web-0060": _CHECKED
    + "Yukon WSCB: serious incidents and injuries reported at once to 867-667-5450 / 1-800-661-0443, then investigated",
    "https://www.legalbrief.ca/ykinjury-work-injury-legal-action-serious-incidents": _CHECKED
    + "legal information site: serious-incident reporting, the scene and the investigation report are WSCA s.57-58",
    "https://wcb.yk.ca/QuestionResults/OHS/Rights-and-Responsibilities/Q0240.aspx": _CHECKED
    + "Yukon board: the right to refuse, report at once, other work at no loss of pay",
    "https://www.wcb.yk.ca/web-0044": _CHECKED + "Yukon WSCB: three rights; no penalty for raising a safety issue",
    "https://wvhp.ccohs.ca/topics/policy": _CHECKED
    + "CCOHS (Yukon): violence and harassment policy and procedures, WHS Regs s.19.01, s.19.02, s.1.04.01(2)",
    "https://www.wcb.yk.ca/web-0044/resources/web-0049": _CHECKED
    + "Yukon WSCB: first aid under Part 18 of the WHS Regulations, Schedules 2 and 4, s.18.02",
    "https://www.cfib-fcei.ca/en/tools-resources/occupational-health-and-safety-act-workplace-ohs-yk?hs_amp=true": (
        _CHECKED + "CFIB: Yukon committee at 20 or more regularly employed workers, representative at 5 to 19"
    ),
    "http://healthandsafety.gov.yk.ca/our-health-safety-system/joint-health-safety-committees/20-or-more-"
    "regularly-employed-employees": _CHECKED
    + "Government of Yukon guide: a joint committee where 20 or more are regularly employed (old OHS Act)",
    # Northwest Territories and Nunavut law file (data/law/nt-nu.yaml)
    "https://wscc.nt.ca/node?page=46": _CHECKED + "WSCC: the right to refuse unusual danger, Safety Act s.13",
    "https://www.wscc.nt.ca/content/steps-refuse-unsafe-work": _CHECKED
    + "WSCC: refusal steps (stop and report, immediate investigation with another worker, a representative present)",
    "https://wscc.nt.ca/content/injury-reporting-process-employers": _CHECKED
    + "WSCC: 24-hour line 1-800-661-0792; Employer's Report of Incident within three business days",
    "https://myemail.constantcontact.com/SafetyNet---October-2020.html?soid=1101703870503&aid=MvIyr8HtnwM": (
        _CHECKED + "WSCC SafetyNet newsletter: committee under OHS Regulations Part 4, s.37 (NT and NU)"
    ),
    "https://fill.io/101-CS109-EN-Fillable-c50e0828": _CHECKED
    + "copy of the WSCC Report of Incident form: definitions in s.1 of the OHS Regulations",
    "https://www.cfib-fcei.ca/en/tools-resources/occupational-health-and-safety-act-workplace-ohs-nwt": _CHECKED
    + "CFIB: NT/NU OHS Regulations s.21 (program), Part 2 s.8 (reporting), Part 5 s.56 (first aid)",
    "https://mross.com/law/Firm/Publications/Workplace_Harassment_and_Workplace_Violence_Policies_in_the_N.W.T."
    ".cid1634": _CHECKED + "law firm: NWT harassment policy for all employers; violence policy where expected",
    "https://www.ishn.com/articles/101913-new-osh-regs-in-canada-cover-harassment-workplace-violence": _CHECKED
    + "ISHN: contents of the NWT violence policy (positions, reporting, referral, training)",
    # Newfoundland and Labrador
    "https://www.assembly.nl.ca/Legislation/sr/statutes/o03.htm": _CHECKED
    + "House of Assembly official version: 'RSNL1990 CHAPTER O-3 OCCUPATIONAL HEALTH AND SAFETY ACT'",
    "https://www.assembly.nl.ca/Legislation/sr/regulations/rc120005.htm": "address and 'NLR 5/12 - Occupational"
    " Health and Safety Regulations, 2012' printed on a copy (fdocuments) of the House of Assembly page",
    "https://www.assembly.nl.ca/legislation/sr/annualregs/2022/nr220043.htm": _CHECKED
    + "official NLR 43/22: 'Occupational Health and Safety Regulations, 2012 (Amendment)' under the OHS Act",
    "https://ohsguide.workplacenl.ca/topic/ohs_committee/": _CHECKED
    + "WorkplaceNL: committee at 20 or more workers, representative at 19 or fewer, designate under 6",
    # Yukon
    "https://www.wcb.yk.ca/web-0070": _CHECKED
    + "Yukon WSCB: Workers' Safety and Compensation Act (in force 1 July 2022) and Workplace Health and Safety"
    " Regulations",
    # Northwest Territories and Nunavut
    "http://www.wcb.nt.ca/YourWSCC/WhoWeAre/Pages/Legislation.aspx": _CHECKED
    + "WSCC legislation page: Safety Acts and Safety Regulations of the NWT and Nunavut",
    "https://wscc.nt.ca/node?page=153": _CHECKED
    + "WSCC: new OHS Regulations law in the NWT on 1 June 2015, in Nunavut later",
    "https://www.wscc.nt.ca/news/new-occupational-health-and-safety-regulations-are-law-nunavut": _CHECKED
    + "WSCC: Occupational Health and Safety Regulations law in Nunavut (7 April 2016)",
    "http://ohsapp.wscc.nt.ca/topic/jointhsc.html": _CHECKED
    + "WSCC OHS app: joint committee at worksites with 20 or more workers, representative otherwise",
    # Saskatchewan law file (data/law/sk.yaml)
    "http://www.saskatchewan.ca/business/safety-in-the-workplace/ohc-and-ohs-representative/ohc-meeting-minutes": (
        _CHECKED + "Saskatchewan: minutes at every OHC meeting, copies to the employer, not sent to the Division"
    ),
    "https://saskatchewan.ca/business/safety-in-the-workplace/rights-and-responsibilities-in-the-workplace/"
    "steps-to-resolving-ohs-concerns": _CHECKED
    + "Saskatchewan: employer answers committee recommendations in writing; an officer decides if unresolved",
    "https://www.worksafesask.ca/industries/how-to-report-a-fatality-serious-injury-or-dangerous-occurrence-to-"
    "occupational-health-and-safety/": _CHECKED
    + "WorkSafe Saskatchewan: fatalities, serious injuries, dangerous occurrences reported as soon as possible",
    "http://www.wcbsask.com/employers/managing-your-workers-injury/": _CHECKED
    + "WCB Saskatchewan: E1 within five days of learning of an injury needing medical attention; 1-800-787-9288",
    "https://docsbay.net/Insert-Agency-S-Name-Logo-Here": _CHECKED
    + "copy of a Saskatchewan refusal policy quoting SEA s.3-31",
    "https://sun-nurses.sk.ca/member-resources/occupational-health-and-safety/know-your-rights": _CHECKED
    + "SUN: the three rights; an unusual danger is not normal for the job or one the worker is not trained for",
    "https://www.hsas.ca/ohs/": _CHECKED
    + "HSAS: a dangerous occurrence could have caused death or an in-patient stay of 72 hours or more",
    "https://shift.plea.org/occupational-health-safety/harassment-prevention-policies": _CHECKED
    + "PLEA Shift: harassment policy contents, consultation with the committee, posting",
    "https://www.lpsd.ca/about-us/administrative-procedures-new/2616": _CHECKED
    + "Lloydminster schools: OHC at 10 or more, meets at least every three months (under the SEA and Regulations)",
    # NS law file (data/law/ns.yaml)
    "https://novascotia.ca/lae/healthandsafety/employerright.asp": _CHECKED
    + "NS refusal steps: supervisor, safe place, remedy or explain, reassign, committee, Division",
    "https://www.nsnu.ca/RightToRefuse": _CHECKED
    + "OHS Act s.43, its three reports and the Division's number; reassignment and telling the next employee",
    "https://www.wcb.ns.ca/Workplace-Injury-Insurance/Report-an-Injury": _CHECKED
    + "serious injuries to the Division (deaths at once, others in 24 hours); WCB reports in five business days",
    "http://boyneclarke.com/blogs/"
    "employers-are-you-ready-for-upcoming-changes-to-the-occupational-health-and-safety-act/": _CHECKED
    + "The text of s.63(1) as amended from 12 June 2017 (24 hours, the list of injuries)",
    "https://novascotia.ca/lae/healthandsafety/workplaceaccidents.asp": _CHECKED
    + "A copy of the notice to the committee or representative; the scene left undisturbed until an officer allows it",
    "https://bac-lac.wayback.archive-it.org/web/20061207061854/https:/www.wcb.ns.ca/new/workers.php?id=95": _CHECKED
    + "WCA s.86 on employers' injury reports; the WCB's toll-free number 1-800-870-3331",
    "https://fdocuments.in/document/"
    "occupational-health-and-safety-act-occupational-health-and-safety-act-statutes.html": _CHECKED
    + "A copy of the Act printing the Division's 24-hour line 1-800-952-2687 and that the Act must be posted",
    "https://encodersstandbyresearch.pages.dev/589770.html": _CHECKED
    + "A copy of CSNS's OHS guide citing the general duties s.13(1)(a) and s.17(1)(a)",
    "https://bac-lac.wayback.archive-it.org/web/20061028204531/http://www.gov.ns.ca/legislature/legc/statutes/"
    "occph_s.htm": _CHECKED
    + "An archived official copy of the Act; s.2(c), the framework for participation, information and refusal",
    "https://novascotia.ca/Just/regulations/regs/ohsviolence.htm": _CHECKED
    + "The Violence in the Workplace Regulations, N.S. Reg. 209/2007, made under s.82 of the Act",
    "https://hrreporter.com/focus-areas/employment-law/nova-scotia-updates-violence-regulations-legal-view/"
    "288031": _CHECKED
    + "The sectors the violence regulations cover, the risk assessment, the posted statement and the code of practice",
    # NB law file (data/law/nb.yaml)
    "https://worksafenb.ca/employers/health-safety/the-ohs-act-and-you": _CHECKED
    + "The three rights; committees at 20 or more employees; the three refusal steps; WorkSafeNB's 1-800-999-9775",
    "https://www.worksafenb.ca/docs/522top14a_e.htm": _CHECKED
    + "OHS Act s.19 (refusal) and its three steps, s.21(2) (telling the next employee), s.22(1) (other work)",
    "https://worksafenb.ca/employers/health-safety/report-an-injury-or-illness": _CHECKED
    + "The injuries and incidents reported to WorkSafeNB at once, telling the committee or representative, transport",
    "https://ohsguide.worksafenb.ca/topic/reporting.html": _CHECKED
    + "The reporting list after first aid; Form 67 to WorkSafeNB within three days (Workers' Compensation Act)",
    "https://ohsguide.worksafenb.ca/topic/fixed.html": _CHECKED
    + "A fixed workplace committee has equal employer and employee members, each choosing its own and a co-chair",
    "https://legnb.ca/content/house_business/56/1/bills/Bill-18-e.htm": _CHECKED
    + "Monthly inspections (s.9(2)(a.1), s.9(3)), committee training (s.14.1), the representative (s.17, s.17.1)",
    "https://www.alertfirstaid.com/onlinecourses_submenu/New-Brunswick-Legislation-Supervisor-Due-Diligence": _CHECKED
    + "A copy of the Act's s.8 (safety policy at 20 or more) and s.9 (employer duties)",
    "http://businessdocbox.com/Human_Resources/"
    "113384594-1-section-2-of-new-brunswick-regulation-under-the-occupational-health-and-safety-act-is-"
    "amended.html": _CHECKED
    + "A copy of the amending regulation adding the definitions (s.2) and Part XXII.I, s.374.1 (risk assessment)",
    "https://www.stewartmckelvey.com/thought-leadership/"
    "client-update-new-regulation-under-new-brunswicks-occupational-health-and-safety-act-tackles-workplace-"
    "violence-and-harassment-coming-into-force-april-1-2019/page/5/": _CHECKED
    + "Regulation 2018-82 in force 1 April 2019; risk assessment; codes of practice for violence and harassment",
    # NL law file (data/law/nl.yaml)
    "https://ohsguide.workplacenl.ca/topic/rights/": _CHECKED
    + "The three rights; employer duties under OHS Act s.4, s.5(b), s.5(c)",
    "https://ohsguide.workplacenl.ca:443/topic/reporting/": _CHECKED
    + "Unresolved refusals notified to the OHS Division, in writing within five days (OHS Act s.47, Re",
    "http://www.assembly.nl.ca/Legislation/sr/Annualstatutes/2023/2315.chp.htm": _CHECKED
    + "The 2023 amending Act's section titles (s.37 committees, s.38.1 training, s.39, s.41, s.45 refu",
    "https://workersactionnl.ca/health-and-safety-Fcooa": _CHECKED
    + "The refusal's three reports, reassignment at the same wages, and the OHS Division's 1-800-563-5",
    "https://agricarenl.ca/nl-occupational-health-and-safety": _CHECKED
    + "Immediate phone notice of serious injuries and deaths; written reports in three and five days; ",
    "https://www.cfib-fcei.ca/en/tools-resources/occupational-health-and-safety-act-workplace-ohs-nfld": _CHECKED
    + "Written answers and periodic updates on recommendations; notifying serious injuries or deaths",
    "https://nlec.nf.ca/occupational-health-safety-training/": _CHECKED
    + "The employer pays for the mandatory training and the time, as regular work",
    "https://thesafetymag.com/ca/topics/psychological-safety/new-violence-harassment-rules-in-e"
    "ffect-for-newfoundland-and-labrador/195921": _CHECKED
    + "The violence and harassment amendments to the Regulations (in effect 1 January 2020)",
    # Ontario (the December 2026 review, section 3)
    "https://safetyonsight.ca/areas-of-practice": "review-2026-12.md §3 [3p]: IHSA bars a consultant from "
    "auditing a client within one year either side of consulting for it (marked uncertain in ihsa.yaml)",
}

# Committee / representative thresholds: (committee from, representative from), each from the page cited in the
# file's committee.sources: Alberta §1.8 (AMHSA newsletter); the others from the government pages listed in
# VERIFIED_ELSEWHERE. "unknown" where no source confirms the numbers.
COMMITTEE: dict[str, tuple[int, int | str] | str] = {
    "AB": (20, 5),
    "BC": (20, 10),  # "more than 9 but fewer than 20" (see the conflict in bc.yaml)
    "SK": (10, 5),  # representative only at prescribed workplaces
    "MB": (20, 5),
    "NS": (20, 5),
    "NB": (20, UNKNOWN),
    "NL": (20, 1),  # representative with 19 or fewer; designate under 6
    "NT-NU": (20, 1),  # representative wherever there is no committee
    "ON": (20, 6),  # ontario.ca guide and WSPS (review §2); marked uncertain (a partner page is one source)
    "YT": (20, UNKNOWN),  # Government of Yukon guide (old Act); representative threshold not settled
    "PE": (20, 5),
}

# Alberta records history (§1.4): 3 months -> 1-year COR, 12 months -> 3-year COR.
AB_RECORDS = [(3, 12), (12, 36)]

# Nova Scotia size classes (§6).
NS_CLASSES = [(1, 1), (2, 4), (5, 19), (20, None)]

# Standards: (program, number of elements) (§13).
STANDARDS = {
    "ab-common-cor": ("COR", 10),
    "ab-common-secor": ("SECOR", 8),
    "acsa-cor": ("COR", 10),
    "acsa-secor": ("SECOR", 14),  # element 14: the representative the OHS Act requires (review §3)
    "esc-cor": ("COR", 9),
    "esc-secor": ("SECOR", 9),
    "national-construction-cor": ("COR", 14),
    "national-construction-secor": ("SECOR", 14),
    "nsny-cor": ("COR", 15),
    "ihsa-cor-2015": ("COR", 19),
    "ihsa-cor-2020": ("COR", 14),
    "bc-go2hr-cor": ("COR", 8),
    "bc-go2hr-small": ("SECOR", 8),
    "mb-swc": ("COR", 3),
    "pe-ohs-legal": (None, 3),  # a legal program: no certificate
}

PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|lorem|ipsum|xxx+)\b|example\.(com|org)", re.IGNORECASE)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _host(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0].lower()
    return host.removeprefix("www.")


# ---------------------------------------------------------------- files


def test_every_data_file_loads_and_none_is_ignored(catalog: Catalog) -> None:
    files = _data_files()
    entries = [load_entry(path) for path in files]
    content = len(catalog.hazards) + len(catalog.trades) + len(catalog.ppe) + len(catalog.laws)
    content += len(catalog.sampling_tables)
    assert len(files) == len(catalog.jurisdictions) + len(catalog.partners) + len(catalog.standards) + content
    assert (len(catalog.jurisdictions), len(catalog.partners), len(catalog.standards)) == (12, 41, 15)
    folders = {
        "jurisdiction": "jurisdictions",
        "partner": "partners",
        "standard": "standards",
        "hazard": "hazards",
        "trade": "trades",
        "ppe": "ppe",
        "law": "law",
        "sampling_table": "sampling",
    }
    for path, entry in zip(files, entries, strict=True):
        expected = entry.code.lower() if isinstance(entry, Jurisdiction | JurisdictionLaw) else entry.id
        assert path.stem == expected, f"{path.name} should be named {expected}.yaml"
        assert path.parent.name == folders[entry.kind], path


def test_files_are_plain_safe_yaml_without_placeholders() -> None:
    for path in _data_files():
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert isinstance(data, dict), path
        for value in _strings(data):
            assert not PLACEHOLDERS.search(value), f"{path.name}: placeholder text in {value!r}"


# ---------------------------------------------------------------- sources and uncertainty


def test_every_entry_has_well_formed_sources(catalog: Catalog) -> None:
    entries: list[Jurisdiction | CertifyingPartner | AuditStandard] = [
        *catalog.jurisdictions.values(),
        *catalog.partners.values(),
        *catalog.standards.values(),
    ]
    for entry in entries:
        assert entry.sources, entry
        urls = [s.url for s in entry.sources]
        assert len(urls) == len(set(urls)), f"{entry}: a source is listed twice"
        for source in entry.sources:
            assert re.match(r"^https?://[^\s/]+\.[^\s]+$", source.url), source.url
            assert len(source.supports) >= 10, f"{source.url}: say which facts it supports"


def _bare(url: str) -> str:
    """The address without scheme and 'www.', as the review writes many of them."""
    return url.split("://", 1)[-1].removeprefix("www.")


def test_every_source_is_one_the_reference_lists() -> None:
    reference = Path(
        os.environ.get("CORCLI_REFERENCE", Path(__file__).resolve().parents[2] / "shared/reference/cor-programs.md")
    )
    if not reference.is_file():
        pytest.skip(f"reference not found at {reference} (set CORCLI_REFERENCE)")
    # The December 2026 review (next to the reference) is newer and cites addresses without scheme or www.
    review = reference.with_name("review-2026-12.md")
    text = reference.read_text(encoding="utf-8") + (review.read_text(encoding="utf-8") if review.is_file() else "")
    missing = sorted(
        {
            source["url"]
            for path in _data_files()
            for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
            if source["url"] not in text
            and _bare(source["url"]) not in text
            and source["url"] not in VERIFIED_ELSEWHERE
        }
    )
    assert not missing, f"sources not in the reference: {missing}"
    used = {
        source["url"]
        for path in _data_files()
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    }
    assert not set(VERIFIED_ELSEWHERE) - used, "VERIFIED_ELSEWHERE lists a URL no data file uses"


def test_uncertain_facts_have_real_notes(catalog: Catalog) -> None:
    for entry in [*catalog.jurisdictions.values(), *catalog.partners.values(), *catalog.standards.values()]:
        fields = [u.field for u in entry.uncertain]
        assert len(fields) == len(set(fields)), f"{entry}: an uncertain field is listed twice"
        for fact in entry.uncertain:
            assert len(fact.note) >= 30, f"{fact.field}: explain why it is uncertain"


def test_unknowns_are_explained(catalog: Catalog) -> None:
    for partner in catalog.partners.values():
        fields = partner.uncertain_fields()
        if partner.listing == "uncertain":
            assert "listing" in fields, partner.id
        if partner.website == UNKNOWN:
            assert "website" in fields, partner.id
        for entry in partner.programs:
            if entry.offered == UNKNOWN:
                explained = entry.standard_note or any(f.startswith(("programs", "listing")) for f in fields)
                assert explained, f"{partner.id}: {entry.program} offered 'unknown' without a note"
    for jurisdiction in catalog.jurisdictions.values():
        fields = jurisdiction.uncertain_fields()
        if jurisdiction.small_employer.available == UNKNOWN:
            assert any(f.startswith("small_employer") for f in fields), jurisdiction.code
        if jurisdiction.pass_rules is not None and jurisdiction.pass_rules.maintenance != UNKNOWN:
            assert "pass_rules.maintenance" in fields, "a maintenance pass mark must say where it comes from"


def test_websites_come_from_the_partners_own_sources(catalog: Catalog) -> None:
    for partner in catalog.partners.values():
        if partner.website == UNKNOWN:
            continue
        assert partner.website.startswith(("https://", "http://")), partner.id
        hosts = {_host(s.url) for s in partner.sources}
        assert _host(partner.website) in hosts, f"{partner.id}: website {partner.website} is not backed by a source"


# ---------------------------------------------------------------- jurisdictions


def test_jurisdiction_codes_and_covers(catalog: Catalog) -> None:
    assert set(catalog.jurisdictions) == set(THRESHOLDS)
    assert catalog.jurisdictions["NT-NU"].covers == ["NT", "NU"]
    assert catalog.jurisdiction("NU").code == "NT-NU"
    assert catalog.jurisdiction("nt").code == "NT-NU"
    for code in NO_PROGRAM:
        none = catalog.jurisdictions[code]
        assert not none.has_cor_program
        assert none.pass_rules is None
    assert "has_cor_program" in catalog.jurisdictions["PE"].uncertain_fields()  # only third parties say so
    assert all(j.has_cor_program for code, j in catalog.jurisdictions.items() if code not in NO_PROGRAM)


@pytest.mark.parametrize("code", sorted(THRESHOLDS))
def test_small_employer_threshold_matches_reference(catalog: Catalog, code: str) -> None:
    rule = catalog.jurisdictions[code].small_employer
    assert (rule.available, rule.max_headcount, rule.measure) == THRESHOLDS[code]


def test_alberta_rules(catalog: Catalog) -> None:
    ab = catalog.jurisdictions["AB"]
    assert ab.small_employer.max_headcount == 10
    acsa = catalog.partner("acsa").program(Program.SECOR, "AB")
    assert acsa is not None
    assert acsa.eligibility is not None
    assert "12 months" in acsa.eligibility.period
    for who in ("owners", "family", "part-time", "temporary", "volunteers"):
        assert who in acsa.eligibility.counted
    assert isinstance(ab.records_history, list)
    assert [(r.min_months, r.certificate_term_months) for r in ab.records_history] == AB_RECORDS
    cor, secor = ab.audit_for(Program.COR), ab.audit_for(Program.SECOR)
    assert cor is not None
    assert cor.certification == "external"
    assert secor is not None
    assert secor.certification == "self_assessment"
    assert any("PIR" in i.name for i in ab.incentives)
    assert {c.topic for c in ab.conflicts} >= {"COR / SECOR size boundary", "Number of Alberta Certifying Partners"}


@pytest.mark.parametrize("code", sorted(c for c in THRESHOLDS if c not in NO_PROGRAM))
def test_pass_rules_match_reference(catalog: Catalog, code: str) -> None:
    rules = catalog.jurisdictions[code].pass_rules
    assert rules is not None
    assert (rules.certification.overall_min, rules.certification.element_min) == (80, 50)
    expected = MAINTENANCE_PASS.get(code, UNKNOWN)
    if expected == UNKNOWN:
        assert rules.maintenance == UNKNOWN
    else:
        assert isinstance(rules.maintenance, PassRule)
        assert (rules.maintenance.overall_min, rules.maintenance.element_min) == expected


@pytest.mark.parametrize("code", sorted(VALIDITY))
def test_validity_matches_reference(catalog: Catalog, code: str) -> None:
    assert catalog.jurisdictions[code].validity_years == VALIDITY[code]


@pytest.mark.parametrize("code", sorted(COMMITTEE))
def test_committee_rule_matches_sources_and_is_ordered(catalog: Catalog, code: str) -> None:
    jurisdiction = catalog.jurisdictions[code]
    rule = jurisdiction.committee
    fields = jurisdiction.uncertain_fields()
    if COMMITTEE[code] == UNKNOWN:
        assert rule == UNKNOWN
        assert "committee" in fields, f"{code}: say why the committee rule is unknown"
        return
    assert isinstance(rule, CommitteeRule)
    assert (rule.committee_from, rule.representative_from) == COMMITTEE[code]
    rep = rule.representative_from
    if isinstance(rep, int):
        assert 1 <= rep < rule.committee_from
    else:
        assert any(f.startswith("committee") for f in fields), f"{code}: say why the representative is unknown"
    if rule.designate_below is not None:
        assert rule.designate_below <= rule.committee_from
    assert len(rule.counted) >= 10, f"{code}: say who is counted"
    sources = {s.url: s for s in jurisdiction.sources}
    cited = ""
    for url in rule.sources:
        assert url in sources, f"{code}: committee source {url} is not among the file's sources"
        assert sources[url].kind in ("gov", "cp"), f"{code}: committee numbers need a government or partner page"
        cited += f" {sources[url].supports} {VERIFIED_ELSEWHERE.get(url, '')}"
    assert re.search(rf"\b{rule.committee_from}\b", cited), f"{code}: no committee source states {rule.committee_from}"
    if isinstance(rep, int) and rep > 1:
        # BC's source says "more than 9", i.e. 10 and up.
        assert re.search(rf"\b({rep}|{rep - 1})\b", cited), f"{code}: no committee source states {rep}"
    if any(sources[url].kind == "cp" for url in rule.sources):
        assert "committee" in fields, f"{code}: committee numbers from a partner page only must be marked uncertain"


def test_committee_rule_rejects_disordered_or_unsourced_numbers() -> None:
    rule = {"committee_from": 20, "representative_from": 5, "counted": "workers", "sources": ["https://ex.org/a"]}
    assert CommitteeRule.model_validate(rule).requirement(12) == "representative"
    with pytest.raises(ValueError, match="below committee_from"):
        CommitteeRule.model_validate({**rule, "representative_from": 20})
    with pytest.raises(ValueError, match="representative_condition"):
        CommitteeRule.model_validate({**rule, "representative_from": "unknown", "representative_condition": "x"})
    assert CommitteeRule.model_validate({**rule, "representative_from": "unknown"}).requirement(12) == "unknown"
    assert CommitteeRule.model_validate({**rule, "representative_from": None}).requirement(12) == "none"
    base = {
        "kind": "jurisdiction",
        "code": "AB",
        "name": "Alberta",
        "covers": ["AB"],
        "has_cor_program": True,
        "small_employer": {"available": "no", "max_headcount": None},
        "sources": [{"url": "https://ex.org/b", "supports": "test fixture", "kind": "3p"}],
    }
    assert Jurisdiction.model_validate(base).committee == UNKNOWN, "committee is optional"
    with pytest.raises(ValueError, match=r"committee\.sources"):
        Jurisdiction.model_validate({**base, "committee": rule})


def test_nova_scotia_size_classes(catalog: Catalog) -> None:
    classes = catalog.jurisdictions["NS"].size_classes
    assert [(c.min_workers, c.max_workers) for c in classes] == NS_CLASSES


# ---------------------------------------------------------------- partners


def test_partner_counts_per_jurisdiction_are_pinned(catalog: Catalog) -> None:
    counts = Counter(code for p in catalog.partners.values() for code in p.jurisdictions)
    assert dict(counts) == PARTNERS_PER_JURISDICTION


def test_alberta_has_at_least_eleven_partners_with_certainty(catalog: Catalog) -> None:
    partners = catalog.partners_in(province="AB")
    assert len(partners) >= 11
    confirmed = [p for p in partners if p.listing == "confirmed"]
    assert len(confirmed) >= 10
    uncertain = {p.id for p in partners if p.listing == "uncertain"}
    assert uncertain == {"wwtaa", "goa-psc"}
    assert "agsafe" not in {p.id for p in partners}, "AgSafe is not a confirmed Alberta partner"


def test_construction_partners_span_six_jurisdictions(catalog: Catalog) -> None:
    construction = [p for p in catalog.partners.values() if "construction" in p.industries]
    spanned = {code for p in construction for code in p.jurisdictions}
    assert len(spanned) >= 6
    assert {"AB", "BC", "SK", "MB", "ON", "NS"} <= spanned


def test_energy_safety_canada_is_one_partner_in_three_provinces(catalog: Catalog) -> None:
    esc = catalog.partner("esc")
    assert sorted(esc.jurisdictions) == ["AB", "BC", "SK"]
    assert [p.id for p in catalog.partners.values() if "oil-and-gas" in p.industries] == ["esc"]
    secor_ab = esc.program(Program.SECOR, "AB")
    assert secor_ab is not None
    assert secor_ab.offered == "yes"
    assert secor_ab.eligibility is not None
    assert secor_ab.eligibility.max_headcount == 10


def test_industries_use_the_shared_vocabulary(catalog: Catalog) -> None:
    used = {i for p in catalog.partners.values() for i in p.industries}
    assert used <= set(INDUSTRIES)
    assert len(used) >= 12


def test_every_partner_resolves_to_a_standard(catalog: Catalog) -> None:
    for partner in catalog.partners.values():
        for entry in partner.programs:
            if entry.offered == "no":
                assert entry.standard is None
                continue
            if entry.standard is None:
                # Only a program the sources leave open may lack a standard, and only with a reason.
                assert entry.offered == "unknown", f"{partner.id} {entry.program}: name a standard"
                assert entry.standard_note or any(f.startswith("programs") for f in partner.uncertain_fields())
                continue
            for code in entry.jurisdictions or partner.jurisdictions:
                standard = catalog.standard_for(partner, entry.program, code)
                assert standard is not None, f"{partner.id} {entry.program} in {code}"
                assert standard.program == entry.program
                assert code in standard.jurisdictions or "CA" in standard.jurisdictions or entry.standard_note


def test_a_borrowed_standard_says_so(catalog: Catalog) -> None:
    """A partner whose own instrument is unknown uses a common standard, and the data says so."""
    for partner in catalog.partners.values():
        for entry in partner.programs:
            if entry.standard is None:
                continue
            publisher = catalog.standard(entry.standard).publisher
            own = partner.abbreviation in publisher or partner.name in publisher
            assert own or entry.standard_note, f"{partner.id} {entry.program} uses {entry.standard} without a note"


# ---------------------------------------------------------------- standards


def test_standards_are_the_expected_ones(catalog: Catalog) -> None:
    found = {s: (v.program.value if v.program else None, len(v.elements)) for s, v in catalog.standards.items()}
    assert found == STANDARDS


def test_requirement_ids_unique_and_folders_sort_in_audit_order(catalog: Catalog) -> None:
    for standard in catalog.standards.values():
        ids = [r.id for e in standard.elements for r in e.requirements]
        assert len(ids) == len(set(ids)), standard.id
        folders = [e.folder for e in standard.elements]
        assert folders == sorted(folders), f"{standard.id}: folders must sort in audit order"
        assert all(re.match(r"^\d{2}-[a-z0-9-]+$", f) and len(f) <= 40 for f in folders), folders
        assert [int(f[:2]) for f in folders] == list(range(1, len(folders) + 1)), standard.id


def _audit_standards(catalog: Catalog) -> list[AuditStandard]:
    """The audit standards (a legal program lists a law's documented duties, not an audit's interviews and drills)."""
    return [s for s in catalog.standards.values() if s.program is not None]


def test_every_element_mixes_verification_methods(catalog: Catalog) -> None:
    for standard in _audit_standards(catalog):
        methods = {r.verification for e in standard.elements for r in e.requirements}
        assert methods == set(Verification), standard.id
        for element in standard.elements:
            assert 2 <= len(element.requirements) <= 15, f"{standard.id} {element.id}"
            kinds = {r.verification for r in element.requirements}
            assert Verification.DOCUMENTATION in kinds, f"{standard.id} {element.id}"
            assert kinds - {Verification.DOCUMENTATION}, f"{standard.id} {element.id}: add an interview or observation"
            for req in element.requirements:
                assert req.guidance.strip(), f"{standard.id} {req.id}: guidance is empty"


def test_weights_are_marked_honestly(catalog: Catalog) -> None:
    for standard in catalog.standards.values():
        official = [r for e in standard.elements for r in e.requirements if r.points_official]
        if standard.weights == "estimated":
            assert not official, standard.id
            assert "elements.points" in standard.uncertain_fields(), standard.id
        elif standard.weights == "partly_official":
            assert official
            assert len(official) < sum(len(e.requirements) for e in standard.elements)
        if standard.structure_confidence != "confirmed":
            assert "elements" in standard.uncertain_fields(), standard.id


def test_acsa_cor_structure_and_official_points(catalog: Catalog) -> None:
    acsa = catalog.standard("acsa-cor")
    assert [e.id for e in acsa.elements] == [str(n) for n in range(1, 11)]
    assert "Public" in acsa.elements[1].title
    assert "Contract" in acsa.elements[1].title
    assert "Committee" in acsa.elements[2].title
    hazard_control = acsa.elements[5]
    assert hazard_control.title == "Hazard Control"
    # Part 27 merged the violence and the harassment plans: one plan item (6.9), the old 6.10 maps onto it.
    ids = [r.id for r in hazard_control.requirements]
    assert "6.9" in ids
    assert "6.10" not in ids
    assert "violence and harassment prevention plan" in hazard_control.requirements[ids.index("6.9")].text
    assert hazard_control.requirements[ids.index("6.9")].legislated
    assert any(m.requirements.get("6.10") == "6.9" for m in acsa.migrates_from)
    assert acsa.weights == "estimated"  # the 2019 tool's published points do not carry over to the 2023 tool
    assert acsa.pass_rule is not None
    assert (acsa.pass_rule.overall_min, acsa.pass_rule.element_min) == (80, 50)
    partner = catalog.partner("acsa")
    assert catalog.standard_for(partner, Program.COR, "AB") is acsa
    assert catalog.standard_for(partner, Program.SECOR, "AB") is catalog.standard("acsa-secor")


def test_alberta_common_core_elements(catalog: Catalog) -> None:
    titles = [e.title.lower() for e in catalog.standard("ab-common-cor").elements]
    for word in (
        "management",
        "hazard identification",
        "hazard control",
        "training",
        "inspections",
        "emergency",
        "investigation",
        "program administration",
        "committee",
    ):
        assert any(word in t for t in titles), word


def test_named_element_structures(catalog: Catalog) -> None:
    esc = catalog.standard("esc-cor")
    assert {"A", "B", "C", "G"} <= {e.id for e in esc.elements}
    national = catalog.standard("national-construction-cor")
    assert national.elements[13].title == "Procurement and Contractor Management"
    assert national.elements[0].title == "Health and Safety Policy"
    ihsa = catalog.standard("ihsa-cor-2015")
    assert ihsa.superseded_by == "ihsa-cor-2020"
    assert ihsa.elements[-1].title == "Management Review"
    cor2020 = catalog.standard("ihsa-cor-2020")
    assert cor2020.elements[0].title == "Health and Safety Policy and Document and Record Control"
    assert any(r.legislated for e in cor2020.elements for r in e.requirements)
    swc = catalog.standard("mb-swc")
    assert [e.title for e in swc.elements] == [
        "Leadership Commitment",
        "Hazard Identification and Risk Control",
        "Worker Participation",
    ]
    go2hr = catalog.standard("bc-go2hr-cor")
    assert go2hr.elements[7].title == "Joint Occupational Health and Safety Committee"
    assert catalog.standard("nsny-cor").elements[14].id == "15"


def test_requirements_are_realistic(catalog: Catalog) -> None:
    """Periodic records carry the recurrence the sources describe."""
    for standard in _audit_standards(catalog):
        reqs = [r for e in standard.elements for r in e.requirements]
        policy = [r for r in reqs if "policy" in r.evidence_kinds and "signed and dated" in r.text]
        assert policy, f"{standard.id}: policy reviewed yearly"
        assert all(r.review_months == 12 for r in policy), f"{standard.id}: policy reviewed yearly"
        inspections = [r for r in reqs if r.evidence_kinds == ["inspection"]]
        assert inspections, standard.id
        assert all(r.recurrence == Recurrence.MONTHLY for r in inspections), standard.id
        drills = [r for r in reqs if "drill_record" in r.evidence_kinds]
        assert drills, standard.id
        assert all(r.recurrence == Recurrence.ANNUAL for r in drills), standard.id
        field = [r for r in reqs if "field_hazard_assessment" in r.evidence_kinds]
        assert all(r.recurrence in (Recurrence.PER_EVENT, Recurrence.WEEKLY) for r in field), standard.id
        investigations = [r for r in reqs if "investigation" in r.evidence_kinds]
        assert investigations, standard.id
        assert all(r.recurrence == Recurrence.PER_EVENT for r in investigations), standard.id
        assert any(
            r.verification == Verification.DOCUMENTATION and "hazard_assessment" in r.evidence_kinds for r in reqs
        )


def test_user_folder_overrides_a_builtin_partner(tmp_path: Path) -> None:
    source = resources.data_dir() / "partners" / "acsa.yaml"
    text = source.read_text(encoding="utf-8").replace("listing: confirmed", "listing: likely")
    (tmp_path / "acsa.yaml").write_text(text, encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert catalog.partner("acsa").listing == "likely"
    assert [(o.kind, o.id) for o in catalog.overrides] == [("partner", "acsa")]


# ---------------------------------------------------------------- the December 2026 review's table (§2)


def _program(catalog: Catalog, partner_id: str, program: str, code: str | None = None) -> Any:
    entry = catalog.partner(partner_id).program(Program(program), code)
    assert entry is not None, (partner_id, program)
    return entry


def test_review_table_csam_secor_is_audited_by_csam(catalog: Catalog) -> None:
    secor = _program(catalog, "csam", "SECOR")
    assert secor.audits is not None
    assert secor.audits.certification != "self_assessment"
    assert "CSAM internal audit" in secor.audits.certification_detail
    assert "50% of the peak workforce" in secor.audits.conditions
    assert catalog.jurisdictions["MB"].audit_for(Program.SECOR).certification == "unknown"  # type: ignore[union-attr]


def test_review_table_scsa_secor_audits_and_count(catalog: Catalog) -> None:
    secor = _program(catalog, "scsa", "SECOR")
    assert secor.audits.certification == "partner"
    assert secor.audits.recertification == "partner"
    assert "sub-contractors" in secor.eligibility.counted
    assert secor.eligibility.max_headcount == 9


def test_review_table_ahsa_and_amta_offer_secor(catalog: Catalog) -> None:
    ahsa = _program(catalog, "ahsa", "SECOR")
    assert ahsa.offered == "yes"
    assert ahsa.eligibility.max_headcount == 10
    assert (ahsa.pass_rules.certification.overall_min, ahsa.pass_rules.certification.element_min) == (80, 50)
    assert "at least one year" in ahsa.audits.certification_detail
    amta = _program(catalog, "amta", "SECOR")
    assert amta.offered == "yes"
    assert amta.maintenance_deadline.rule == "calendar_year"
    assert (amta.pass_rules.certification.overall_min, amta.pass_rules.certification.element_min) == (80, 50)


def test_review_table_alberta_committee_is_the_2020_act(catalog: Catalog) -> None:
    committee = catalog.jurisdictions["AB"].committee
    assert isinstance(committee, CommitteeRule)
    assert (committee.committee_from, committee.representative_from) == (20, 5)
    assert "regularly employs" in committee.counted
    assert "90 days" not in committee.counted.replace("'work lasting 90 days or more' test was", "")
    for partner_id in ("wwtaa", "goa-psc"):
        notes = " ".join(u.note for u in catalog.partner(partner_id).uncertain)
        assert "2008-2011" in notes, partner_id


def test_review_table_bc_cites_the_current_policy(catalog: Catalog) -> None:
    titles = " ".join(item.title for item in catalog.jurisdictions["BC"].legislation)
    assert "AP5-247-4" in titles


def test_review_table_nsa_rules(catalog: Catalog) -> None:
    nsa = catalog.partner("nsa")
    assert nsa.listing == "confirmed"
    cor = _program(catalog, "nsa", "COR")
    assert cor.validity.years == 3
    assert (cor.pass_rules.maintenance.overall_min, cor.pass_rules.maintenance.element_min) == (80, 50)
    assert catalog.jurisdictions["NT-NU"].validity_years == 3


def test_review_table_nova_scotia_classes_have_paths(catalog: Catalog) -> None:
    paths = {c.name: c.path for c in catalog.jurisdictions["NS"].size_classes}
    assert "external audit by a CSNS safety advisor" in paths["Intermediate"]
    assert "not captured" in paths["Standard"]  # the Standard path is still not public: said so, not guessed


def test_review_table_sasm(catalog: Catalog) -> None:
    sasm = catalog.partner("sasm")
    assert sasm.name == "Safety Association of Saskatchewan Manufacturers"
    assert sasm.listing == "uncertain"
    cor = _program(catalog, "sasm", "COR")
    assert (cor.pass_rules.certification.overall_min, cor.pass_rules.certification.element_min) == (80, 60)


def test_review_table_manitoba_partners_and_websites(catalog: Catalog) -> None:
    for partner_id in ("made-safe", "rpm"):
        p = catalog.partner(partner_id)
        assert p.listing == "confirmed", partner_id
        assert any("constructionsafety.ca/training/cor-program" in s.url for s in p.sources)
    assert catalog.partner("mash").listing == "uncertain"
    assert catalog.partner("afpa-food").website == "https://afpa.com"
    assert catalog.partner("nbcsa").website == "https://nbcsa.ca"
    assert "general" in catalog.partner("ihsa").industries
    assert "FIOSA-MIOSA Safety Alliance of BC" in catalog.partner("msabc").former_names


def test_review_table_ontario_and_missing_partners(catalog: Catalog) -> None:
    committee = catalog.jurisdictions["ON"].committee
    assert isinstance(committee, CommitteeRule)
    assert (committee.committee_from, committee.representative_from) == (20, 6)
    sta = catalog.partner("sta")
    assert sta.jurisdictions == ["SK"]
    assert "trucking" in sta.industries
    farm = catalog.partner("mb-farm-safety")
    assert farm.jurisdictions == ["MB"]
    assert catalog.jurisdiction("QC").has_cor_program is False
    bcmea = _program(catalog, "bcmea", "COR")
    assert bcmea.offered == "yes"
    assert "programs" in catalog.partner("bcmea").uncertain_fields()


def test_review_ihsa_pass_rule_and_standard(catalog: Catalog) -> None:
    cor = _program(catalog, "ihsa", "COR")
    assert cor.standard == "ihsa-cor-2020"
    rule = cor.pass_rules.certification
    assert (rule.overall_min, rule.element_min, rule.mandatory_items_full) == (80, 65, True)


def test_no_requirement_text_is_shared_unless_declared(catalog: Catalog) -> None:
    """Each program's requirements are its own; standards still on corcli's common wording declare it."""
    texts = {sid: {r.text for e in s.elements for r in e.requirements} for sid, s in catalog.standards.items()}
    ids = sorted(texts)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if texts[a] & texts[b]:
                declared = b in catalog.standards[a].shares_texts_with or a in catalog.standards[b].shares_texts_with
                assert declared, f"{a} and {b} share requirement texts without declaring it"
    assert not catalog.standard("ihsa-cor-2020").shares_texts_with
    assert not catalog.standard("mb-swc").shares_texts_with
    for a in ids:
        for b in catalog.standards[a].shares_texts_with:
            assert texts[a] & texts.get(b, set()), f"{a} declares shares_texts_with {b} but shares no text with it"


def test_small_employer_items_the_sources_set_apart_have_their_own_text(catalog: Catalog) -> None:
    """Where a public source shows the SECOR differs (who assesses, training, records sent), the item is its own."""

    def text(standard: str, rid: str) -> str:
        return next(r.text for e in catalog.standard(standard).elements for r in e.requirements if r.id == rid)

    cor_texts = {r.text for e in catalog.standard("acsa-cor").elements for r in e.requirements}
    for rid in ("8.3", "9.1", "12.3"):
        assert text("acsa-secor", rid) not in cor_texts, rid
    assert "Principles of Health and Safety Management" in text("acsa-secor", "8.3")
    assert "may not be marked N/A" in text("acsa-secor", "9.1")
    assert "previous 12 months" in text("acsa-secor", "12.3")
    assert "four minimum courses" in text("acsa-cor", "4.5")
    assert "signs it" in text("ab-common-secor", "4.3")
    assert "training the certifying partner requires" not in text("ab-common-secor", "4.3")
    assert "internal auditor" in text("bc-go2hr-small", "6.4")
    assert text("bc-go2hr-small", "6.4") != text("bc-go2hr-cor", "6.4")


def test_energy_safety_canada_cor_and_secor_are_their_own(catalog: Catalog) -> None:
    """ESC's SECOR is an owner's self-assessment, not its COR repeated; the invented topic ids are flagged."""
    cor, secor = catalog.standard("esc-cor"), catalog.standard("esc-secor")
    assert cor.elements[0].title == "Element A: Management, Leadership and Organizational Commitment"
    assert "criteria-count" in cor.based_on
    assert "not public" in cor.based_on
    cor_texts = {r.text for e in cor.elements for r in e.requirements}
    secor_texts = {r.text for e in secor.elements for r in e.requirements}
    assert not cor_texts & secor_texts
    assert not cor.shares_texts_with
    assert not secor.shares_texts_with
    assert "Safety Program Development" in " ".join(secor_texts)
    for standard in (cor, secor):
        flagged = " ".join(u.note for u in standard.uncertain if u.field == "elements")
        invented = [e.id for e in standard.elements if e.id not in {"A", "B", "C", "G"}]
        assert invented, standard.id
        assert all(i in flagged for i in invented), standard.id
    maintenance = _program(catalog, "esc", "COR").pass_rules.maintenance
    assert maintenance is not None
    assert maintenance.overall_min == 60


def test_every_recurrence_says_who_sets_it(catalog: Catalog) -> None:
    """A recurring requirement names the source that sets its frequency, or says plainly corcli assumes it."""
    for standard in catalog.standards.values():
        for element in standard.elements:
            for req in element.requirements:
                if req.recurrence == Recurrence.ONCE:
                    continue
                where = f"{standard.id} {req.id}"
                assert "recurrence_set_by" in req.model_fields_set, f"{where}: say recurrence_set_by"
                if req.recurrence_set_by != "assumed":
                    assert req.recurrence_source, f"{where}: a {req.recurrence_set_by} recurrence names its source"


def test_national_construction_tools_have_their_own_texts(catalog: Catalog) -> None:
    """COR and SECOR are worded for their own audits; Yukon repeats the national tool and adds element 15."""
    assert not catalog.standard("national-construction-cor").shares_texts_with
    assert not catalog.standard("national-construction-secor").shares_texts_with
    yukon = catalog.standard("nsny-cor")
    assert yukon.shares_texts_with == ["national-construction-cor"]
    national = {r.text for e in catalog.standard("national-construction-cor").elements for r in e.requirements}
    element_15 = yukon.element("15")
    assert element_15 is not None
    assert all(r.text.startswith("Yukon supplement") and r.text not in national for r in element_15.requirements)
