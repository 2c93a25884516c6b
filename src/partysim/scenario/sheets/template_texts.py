"""What each column of the unit template means, in Vietnamese and English.

Used for the instructions sheet of the template and for hints in brackets after some
headers (a hint in brackets is ignored when the table is read back).
"""

from __future__ import annotations

__all__ = ["ADMISSIONS_TEXT", "COLUMN_TEXTS", "GENERAL", "HINTS", "SHEET_NAMES", "ColumnText"]

ColumnText = tuple[str, str, str]
"""(Vietnamese explanation, English explanation, example value)."""

SHEET_NAMES = {"vi": ("Đơn vị", "Hướng dẫn"), "en": ("Units", "Instructions")}
"""Names of the table sheet and of the instructions sheet."""

HINTS: dict[str, tuple[str, str]] = {
    "parent": ("đơn vị cấp trên", "upper node"),
    "people": ("16-60 tuổi hoặc lao động, không kể đảng viên", "aged 16-60, or staff, not members"),
    "quota": ("mỗi tổ chức cơ sở đảng, mỗi năm", "per grassroots organisation, per year"),
    "count": ("số đơn vị giống nhau, mặc định 1", "identical units, default 1"),
}
"""Hints written in brackets after a header: (Vietnamese, English)."""

GENERAL = {
    "vi": [
        "Mỗi dòng là một tổ chức cơ sở đảng (hoặc một nhóm đơn vị giống nhau: ghi số đơn vị ở cột 'Số đơn vị').",
        "Mọi con số trên một dòng là của MỘT đơn vị (số người, đảng viên, chi bộ, chỉ tiêu, số người ở từng bước, số kết nạp).",
        "Số viết kiểu Việt Nam (2.360; 12,5) hoặc kiểu Anh (2,360; 12.5); số không có dấu phân cách (2360) luôn đúng.",
        "Ô để trống ở các cột quy trình (nguồn, lớp, giấy chứng nhận, thẩm tra, chờ xét) nghĩa là 'không biết': partysim ước tính. Ghi 0 nếu không có ai.",
        "Cột kết nạp theo năm (Kết nạp 2021) hoặc theo quý (Kết nạp Q1/2022): thêm hoặc xóa cột tùy ý; cột để trống hoàn toàn bị bỏ qua.",
        "Không thêm dòng tổng cộng: partysim tự cộng. Có thể thêm cột 'Ghi chú', và dòng tiêu đề phía trên dòng tên cột (dùng làm tiêu đề kịch bản).",
        "Sau đó chạy: partysim init TEP_NAY.xlsx --out kich_ban.yaml (xem docs/planner-data.md).",
    ],
    "en": [
        "One row per grassroots party organisation (or per group of identical units: give their number in 'Count').",
        "Every number on a row is for ONE unit (people, members, cells, quota, people at each step, admissions).",
        "Numbers in Vietnamese (2.360; 12,5) or English (2,360; 12.5) style; numbers without separators (2360) always work.",
        "A blank pipeline cell (source, class, certified, vetting, vote) means 'not known': partysim estimates it. Write 0 for none.",
        "Admissions per year (Admissions 2021) or per quarter (Admissions Q1/2022): add or delete columns; an empty column is ignored.",
        "Do not add a total row: partysim adds up by itself. A 'Notes' column may be added, and title rows above the header (the first becomes the scenario's title).",
        "Then run: partysim init THIS_FILE.xlsx --out my_scenario.yaml (see docs/planner-data.md).",
    ],
}

ADMISSIONS_TEXT: ColumnText = (
    "Số đảng viên được kết nạp trong năm (hoặc quý, tháng) đó, của một đơn vị. Tiêu đề: năm hoặc kỳ, có thể có chữ 'Kết nạp' phía trước.",
    "People admitted in that year (or quarter, month), per unit. Header: a year or a period, optionally after 'Admissions'.",
    "3",
)

COLUMN_TEXTS: dict[str, ColumnText] = {
    "name": (
        "Tên tổ chức cơ sở đảng hoặc đơn vị (bắt buộc).",
        "Name of the grassroots organisation or unit (required).",
        "Xã Minh Hòa",
    ),
    "parent": (
        "Đơn vị cấp trên trực tiếp (đảng bộ xã, huyện, khối). Có thể ghi cả chuỗi từ trên xuống: 'Tỉnh X > Xã Y'. "
        "Không ghi tên một dòng khác.",
        "The upper node (commune party committee, district, bloc). A chain from the top is allowed: "
        "'Province X > Commune Y'. Not the name of another row.",
        "Đảng bộ xã Minh Hòa",
    ),
    "parent_level": (
        "Cấp của đơn vị cấp trên (tỉnh, huyện, xã, khối); để trống thì đoán theo tên.",
        "Level of the upper node (province, district, commune, bloc); blank: from its name.",
        "xã",
    ),
    "level": (
        "Cấp của dòng này; mặc định: xã cho xã/phường, cơ sở cho các loại khác.",
        "This row's level; default: commune for communes and wards, grassroots otherwise.",
        "cơ sở",
    ),
    "kind": (
        "Loại: xã, phường, doanh nghiệp, trường học, cơ quan. Mặc định: xã.",
        "Kind: commune, ward, enterprise, school, agency. Default: commune.",
        "xã",
    ),
    "area": (
        "Địa bàn: nông thôn, đô thị, miền núi. Mặc định: nông thôn.",
        "Area: rural, urban, mountain. Default: rural.",
        "nông thôn",
    ),
    "hardship_area": (
        "Vùng khó khăn, dân tộc thiểu số, biên giới, hải đảo (có/không): chỉ cần tốt nghiệp tiểu học. "
        "Để trống: có nếu miền núi.",
        "Hardship, ethnic-minority, border or island area (yes/no): primary school suffices. "
        "Blank: yes for mountain areas.",
        "không",
    ),
    "ownership": (
        "Chỉ với doanh nghiệp (bắt buộc): nhà nước hoặc ngoài nhà nước.",
        "Enterprises only (required): state or non_state.",
        "ngoài nhà nước",
    ),
    "count": (
        "Số đơn vị giống hệt nhau mà dòng này đại diện. Mặc định 1.",
        "How many identical units this row stands for. Default 1.",
        "1",
    ),
    "people": (
        "Xã, phường: số người 16-60 tuổi không phải đảng viên. Nơi làm việc: số lao động không phải đảng viên.",
        "Communes and wards: people aged 16-60 who are not members. Workplaces: staff who are not members.",
        "4000",
    ),
    "full_members": ("Số đảng viên chính thức hiện nay.", "Full party members today.", "240"),
    "probationary": (
        "Số đảng viên dự bị hiện nay (để trống nếu không biết).",
        "Probationary members today (blank if not known).",
        "12",
    ),
    "members": (
        "Tổng số đảng viên (chính thức và dự bị), thay cho hai cột trên.",
        "All members (full and probationary), instead of the two columns above.",
        "252",
    ),
    "members_total": (
        "Tổng số đảng viên của tất cả các đơn vị trong dòng (khi 'Số đơn vị' lớn hơn 1), thay cho số mỗi đơn vị.",
        "Members of all the units of the row together, instead of members per unit.",
        "413",
    ),
    "grassroots": (
        "Số tổ chức cơ sở đảng trong mỗi đơn vị. Mặc định 1; 0 nếu chưa có tổ chức đảng.",
        "Grassroots party organisations per unit. Default 1; 0 if none.",
        "1",
    ),
    "cells": (
        "Số chi bộ trong mỗi tổ chức cơ sở đảng. Mặc định 1.",
        "Cells per grassroots organisation. Default 1.",
        "10",
    ),
    "quota": (
        "Chỉ tiêu kết nạp mỗi năm của mỗi tổ chức cơ sở đảng.",
        "Admissions a year asked of each grassroots organisation.",
        "8",
    ),
    "cell_quota": (
        "Chỉ tiêu mỗi chi bộ mỗi năm; mặc định: chỉ tiêu chia đều cho các chi bộ.",
        "Admissions a year asked of each cell; default: the quota shared among the cells.",
        "1",
    ),
    "party_orgs": (
        "Số đơn vị trong dòng đã có tổ chức đảng.",
        "Units of the row that have a party organisation.",
        "38",
    ),
    "party_org_share": (
        "Tỷ lệ đơn vị đã có tổ chức đảng (0-1 hoặc %).",
        "Share of the units with a party organisation.",
        "30%",
    ),
    "owner_cooperation": (
        "Doanh nghiệp ngoài nhà nước: tỷ lệ chủ doanh nghiệp ủng hộ (0-1 hoặc %).",
        "Non-state enterprises: share of owners who cooperate.",
        "70%",
    ),
    "share_minority": ("Tỷ lệ người dân tộc thiểu số.", "Ethnic-minority share of the people.", "40%"),
    "share_religious": ("Tỷ lệ người theo tôn giáo.", "Religious believers among the people.", "10%"),
    "lower_secondary_share": ("Tỷ lệ người lớn tốt nghiệp THCS.", "Adults with a lower-secondary diploma.", "85%"),
    "student_share": (
        "Tỷ lệ học sinh, sinh viên trong số người 16-22 tuổi.",
        "Students among people aged 16-22.",
        "50%",
    ),
    "source": ("Số quần chúng ưu tú trong nguồn hiện nay.", "People on the source list today.", "15"),
    "class": ("Số người đang học lớp bồi dưỡng nhận thức về Đảng.", "People in an awareness class now.", "0"),
    "certified": (
        "Số người đã có giấy chứng nhận học lớp, chưa làm hồ sơ.",
        "People holding the class certificate, dossier not yet started.",
        "6",
    ),
    "vetting": ("Số người đang làm hồ sơ, thẩm tra lý lịch.", "People whose dossier is being made and vetted.", "3"),
    "vote": (
        "Số người chờ chi bộ xét, biểu quyết hoặc cấp trên chuẩn y.",
        "People awaiting the cell's vote or the higher committee's approval.",
        "1",
    ),
}
