"""The ``pipeline`` block of a scenario: its parameters, each with a default, a range, a
unit and a description (``partysim params``)."""

from __future__ import annotations

from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Pipeline"]


class Pipeline(Section):
    """Source, class, dossier and vetting, vote, approval, probation."""

    identification_rate: Number = param(
        0.004,
        0.0,
        0.2,
        "per year",
        "Annual chance an eligible person is put on the source list (active cell, no levers)",
        "Xác suất hằng năm một người đủ điều kiện được đưa vào danh sách quần chúng ưu tú",
        group="sources",
    )
    youth_union_factor: Number = param(
        4.0,
        1.0,
        10.0,
        "multiplier",
        "Identification of Youth Union members relative to others",
        "Hệ số tạo nguồn với đoàn viên",
        group="sources",
    )
    student_factor: Number = param(
        1.0,
        0.0,
        10.0,
        "multiplier",
        "Identification of students relative to others",
        "Hệ số tạo nguồn với học sinh, sinh viên",
        group="sources",
    )
    state_sector_factor: Number = param(
        3.0,
        1.0,
        15.0,
        "multiplier",
        "Identification of state agency and enterprise staff",
        "Hệ số tạo nguồn ở khu vực nhà nước",
        group="sources",
    )
    non_state_factor: Number = param(
        0.8,
        0.0,
        5.0,
        "multiplier",
        "Identification of non-state enterprise staff (party organisation present)",
        "Hệ số tạo nguồn ở doanh nghiệp ngoài nhà nước có tổ chức đảng",
        group="enterprises",
    )
    age_over_30_factor: Number = param(
        0.2,
        0.0,
        2.0,
        "multiplier",
        "Identification of people over 30 relative to 18-30",
        "Hệ số tạo nguồn với người trên 30 tuổi",
        group="sources",
    )
    inactive_cell_share: Number = param(
        0.2,
        0.0,
        0.9,
        "share 0-1",
        "Cells that rarely identify anyone (no accountability)",
        "Tỷ lệ chi bộ hầu như không tạo nguồn",
        group="sources",
    )
    inactive_cell_factor: Number = param(
        0.1,
        0.0,
        1.0,
        "multiplier",
        "Identification in inactive cells relative to active ones",
        "Hệ số tạo nguồn ở chi bộ yếu",
        group="sources",
    )
    willingness_youth: Number = param(
        0.6,
        0.05,
        1.0,
        "share 0-1",
        "Identified people aged 18-30 who agree to apply (youth apathy)",
        "Tỷ lệ thanh niên được giới thiệu đồng ý phấn đấu",
        group="sources",
    )
    willingness_adult: Number = param(
        0.7,
        0.05,
        1.0,
        "share 0-1",
        "Identified people over 30 who agree to apply",
        "Tỷ lệ người trên 30 tuổi đồng ý phấn đấu",
        group="sources",
    )
    source_dropout: Number = param(
        0.15,
        0.0,
        1.0,
        "per year",
        "Annual drop-out from the source list while waiting for a class",
        "Tỷ lệ rời danh sách nguồn hằng năm khi chờ lớp",
        group="sources",
    )
    class_months: Number = param(
        1,
        1,
        3,
        "months",
        "Duration of an awareness class",
        "Thời gian một lớp bồi dưỡng",
        estimate=False,
        group="classes",
    )
    class_pass: Number = param(
        0.95,
        0.5,
        1.0,
        "share 0-1",
        "Class attendees who receive the certificate",
        "Tỷ lệ học viên được cấp giấy chứng nhận",
        group="classes",
    )
    certificate_valid_months: Number = param(
        60,
        60,
        60,
        "months",
        "Validity of the class certificate",
        "Thời hạn giấy chứng nhận bồi dưỡng",
        estimate=False,
        group="classes",
    )
    dossier_start_months: Number = param(
        3,
        0.5,
        120,
        "months",
        "Mean wait from certificate to starting the dossier",
        "Thời gian trung bình từ khi có giấy chứng nhận đến khi làm hồ sơ",
        group="classes",
    )
    introducer_failure: Number = param(
        0.01,
        0.0,
        0.5,
        "share 0-1",
        "Dossiers that find no two introducers for other reasons (besides the 12 months together)",
        "Tỷ lệ hồ sơ không có người giới thiệu vì lý do khác",
        group="classes",
    )
    introducer_months: Number = param(
        12,
        12,
        12,
        "months",
        "Introducers must have worked with the applicant this long in the same unit (Charter, Art. 4)",
        "Người giới thiệu phải cùng công tác với người vào Đảng ít nhất (tháng)",
        estimate=False,
        group="classes",
    )
    source_min_age: Number = param(
        17,
        16,
        18,
        "years",
        "Youngest age on the source list and in the awareness class (age 18 counts at the cell's vote)",
        "Tuổi tối thiểu vào danh sách nguồn và học lớp bồi dưỡng",
        group="sources",
    )
    vetting_median_months: Number = param(
        3, 0.5, 12, "months", "Median background-vetting time", "Thời gian thẩm tra lý lịch (trung vị)", group="classes"
    )
    vetting_sigma: Number = param(
        0.5,
        0.1,
        1.5,
        "log-scale",
        "Spread of vetting times (lognormal sigma)",
        "Độ phân tán thời gian thẩm tra (sigma lognormal)",
        group="classes",
    )
    relatives_elsewhere_factor: Number = param(
        1.8,
        1.0,
        5.0,
        "multiplier",
        "Vetting time when relatives live in other provinces",
        "Hệ số thời gian thẩm tra khi thân nhân ở tỉnh khác",
        group="classes",
    )
    family_resists_factor: Number = param(
        2.0,
        1.0,
        5.0,
        "multiplier",
        "Vetting time when a religious family resists",
        "Hệ số thời gian thẩm tra khi gia đình cản trở",
        group="classes",
    )
    family_block: Number = param(
        0.3,
        0.0,
        1.0,
        "share 0-1",
        "Resisting families who stop the dossier altogether",
        "Tỷ lệ gia đình cản trở làm dừng hồ sơ",
        group="classes",
    )
    papers_valid_months: Number = param(
        12,
        12,
        12,
        "months",
        "Papers older than this are redone if no vote yet",
        "Hồ sơ quá hạn phải làm lại nếu chưa biểu quyết",
        estimate=False,
        group="classes",
    )
    vote_pass: Number = param(
        0.97,
        0.5,
        1.0,
        "share 0-1",
        "Chance that a full member present votes in favour of a candidate",
        "Xác suất một đảng viên chính thức có mặt biểu quyết tán thành",
        group="classes",
    )
    vote_threshold: Number = param(
        2 / 3,
        0.5,
        1.0,
        "share 0-1",
        "Share of the cell's full members who must vote in favour (Charter, Art. 4: two thirds)",
        "Tỷ lệ đảng viên chính thức của chi bộ phải tán thành (Điều lệ: hai phần ba)",
        estimate=False,
        group="classes",
    )
    vote_away_counted: Number = param(
        1.0,
        0.0,
        1.0,
        "share 0-1",
        "Members working away counted among the cell's full members at the vote (they cannot vote in favour); the rule is unclear",
        "Đảng viên đi làm ăn xa được tính vào tổng số khi biểu quyết (quy định chưa rõ)",
        group="classes",
    )
    vote_exempt_counted: Number = param(
        0.0,
        0.0,
        1.0,
        "share 0-1",
        "Members exempted from activities counted among the cell's full members at the vote; the rule is unclear",
        "Đảng viên được miễn sinh hoạt được tính vào tổng số khi biểu quyết (quy định chưa rõ)",
        group="classes",
    )
    min_full_members_vote: Number = param(
        3,
        1,
        10,
        "members",
        "Fewest full members a cell needs to vote at all (a cell has at least three)",
        "Số đảng viên chính thức tối thiểu để chi bộ biểu quyết",
        group="classes",
    )
    approval_months_max: Number = param(
        3,
        1,
        6,
        "months",
        "Longest wait for the higher committee's approval (60 working days)",
        "Thời gian chuẩn y tối đa (60 ngày làm việc)",
        estimate=False,
        group="classes",
    )
    probation_months: Number = param(
        12, 12, 12, "months", "Probation before recognition", "Thời gian dự bị", estimate=False, group="retention"
    )
    recognition: Number = param(
        0.97,
        0.5,
        1.0,
        "share 0-1",
        "Probationary members recognised as full members",
        "Tỷ lệ đảng viên dự bị được công nhận chính thức",
        group="retention",
    )
    readmission_wait_months: Number = param(
        36,
        36,
        36,
        "months",
        "Wait before a removed probationary member may be re-admitted",
        "Thời gian chờ kết nạp lại",
        estimate=False,
        group="retention",
    )
    remedial_pass: Number = param(
        0.9,
        0.3,
        1.0,
        "share 0-1",
        "Adults passing remedial lower-secondary classes",
        "Tỷ lệ học viên bổ túc THCS đạt",
        group="sources",
    )
    youth_union_max_age: Number = param(
        30,
        30,
        35,
        "years",
        "Oldest age of Youth Union members (older members leave the Union; extensions for Union officials are rare)",
        "Tuổi tối đa của đoàn viên",
        estimate=False,
        group="sources",
    )
    student_max_age: Number = param(
        23,
        20,
        30,
        "years",
        "Age at which students finish their studies and take other occupations",
        "Tuổi kết thúc học tập của học sinh, sinh viên",
        group="sources",
    )
