"""Deterministic demo data: realistic customers of a PRC retail bank, in batches of table rows.

Everything here is pure: one ``random.Random(seed)``, a reference date passed in (no clock
reads) and no I/O, so the same ``(customers, seed, reference)`` always gives the same rows, whatever
the batch size. Rows are plain dicts keyed by column name with explicit primary keys, ready for a
SQLAlchemy Core ``executemany``; :func:`generate` yields them a batch at a time so memory stays
flat at a million customers.

What the data looks like, and why:

- ~85% Chinese names (common surnames, rare two-character ones such as 欧阳; given names of one
  or two characters, so two-character full names like 张伟 are common, the case FTS trigrams
  miss), ~15% English names. ``name_pinyin`` and ``name_initials`` (``zhang wei``, ``zw``) are
  :func:`agentdesk.domain.names.romanize`'s, as the server makes them for any customer.
- 18-character PRC ID numbers with a valid ISO 7064 MOD 11-2 check digit, birth date and sex
  consistent with the ID and the name.
- Phones already normalised to E.164: mobiles ``+861XXXXXXXXXX`` and some landlines
  (``+86755…``); a few % of numbers belong to 2–3 customers (a family), which the screen-pop must
  show as a candidate list.
- AUM from a piecewise log distribution tuned so that :func:`tier_for_aum` with the default
  thresholds gives about mass 80% / gold 14% / platinum 5% / private 1%; the AUM is exactly the
  sum of deposit balances and wealth market values.
- Wealth holdings come from a fixed product shelf (:data:`PRODUCT_SHELF`, names in Chinese and
  English, R1–R5); most respect suitability (R ≤ C) but a few do not, and some have fallen more
  than 10%, so the care-call and mis-selling stories of the demo have material.
- ~3% of customers have an open complaint ticket (China rule: decide within 15 days) linked to
  the interaction that raised it, and an ``open_complaint`` alert.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any, TypeVar

from agentdesk.contract.customers import AlertKind
from agentdesk.contract.holdings import AccountKind
from agentdesk.contract.interactions import Channel
from agentdesk.contract.tickets import ComplaintCategory, Severity, TicketStatus
from agentdesk.domain.names import romanize
from agentdesk.domain.tiers import Tier, tier_for_aum

__all__ = [
    "DEMO_PASSWORD",
    "PRODUCT_SHELF",
    "TABLE_ORDER",
    "Batch",
    "Product",
    "demo_users",
    "generate",
    "id_check_digit",
    "luhn_check_digit",
]

# Demo only: every demo user signs in with this password. Never used outside demo databases.
DEMO_PASSWORD = "demo"

# Insert order that satisfies the foreign keys (tickets before the interactions that link them).
TABLE_ORDER = (
    "customers",
    "customer_phones",
    "accounts",
    "cards",
    "loans",
    "wealth_holdings",
    "tickets",
    "interactions",
)

Row = dict[str, Any]
T = TypeVar("T")
CST = timedelta(hours=8)  # China Standard Time; stored times are UTC


# --------------------------------------------------------------------------------------------
# Names and pinyin


# Roughly by frequency; the first ones get more weight.
_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁沈任姚卢钟姜崔谭陆范汪廖石金贾夏傅方邹熊白孟秦邱侯江尹薛闫段雷龙"
    "黎史陶贺毛郝顾龚邵万武钱戴严莫孔向常"
)
# Two-character surnames: real but rare.
_COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "慕容"]
_MALE_CHARS = list(
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆建国志文博晨阳峰海东亮成子轩睿泽天一永德嘉"
    "思立新"
)
_FEMALE_CHARS = list(
    "芳娜敏静丽艳娟霞秀玲婷雪慧颖琳洁燕红梅莉萍晶欣怡佳雨梦璐倩淑丹琪彤诗涵晓小春月兰"
)
# Single-character given names are most often these (张伟, 王芳, 李娜 ...).
_MALE_SINGLE = list("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩")
_FEMALE_SINGLE = list("芳娜敏静丽艳娟霞秀玲婷雪慧颖琳洁燕红梅莉")

_EN_MALE = (
    "James John Robert Michael David William Richard Thomas Daniel Matthew Andrew Mark "
    "Peter Paul Steven Kevin Brian George Edward Henry Jack Oliver Samuel Benjamin"
).split()
_EN_FEMALE = (
    "Mary Jennifer Linda Elizabeth Susan Jessica Sarah Karen Emily Emma Olivia Sophie "
    "Grace Alice Hannah Lucy Anna Laura Rachel Rebecca Helen Claire Amy Kate"
).split()
_EN_SURNAMES = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore "
    "Martin Jackson White Harris Clark Lewis Walker Young King Wright Scott Green Baker "
    "Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins"
).split()


# --------------------------------------------------------------------------------------------
# Check digits


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of a PRC resident ID (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


_LUHN_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_check_digit(payload: str) -> str:
    """The Luhn digit that makes ``payload + digit`` a valid card number."""
    # From the right, the payload's last digit is doubled (the check digit will follow it).
    digits = payload[::-1]
    total = sum(_LUHN_DOUBLED[int(d)] for d in digits[::2]) + sum(int(d) for d in digits[1::2])
    return str((10 - total % 10) % 10)


# --------------------------------------------------------------------------------------------
# Reference data


@dataclass(frozen=True)
class Product:
    code: str
    name_zh: str
    name_en: str
    risk: int  # R1..R5
    volatility: float  # yearly, for the unrealized P&L spread


PRODUCT_SHELF: tuple[Product, ...] = (
    Product("WM-R1-001", "稳盈七天理财", "Steady 7-Day Wealth", 1, 0.004),
    Product("WM-R1-002", "天天利货币基金", "Daily Money Market Fund", 1, 0.003),
    Product("WM-R1-003", "大额存单 3 年", "Large CD 3-Year", 1, 0.0),
    Product("WM-R2-001", "安心 90 天固收理财", "Secure 90-Day Fixed Income", 2, 0.015),
    Product("WM-R2-002", "中短债债券基金", "Short-Term Bond Fund", 2, 0.02),
    Product("WM-R2-003", "稳健年年盈", "Prudent Annual Income", 2, 0.02),
    Product("WM-R3-001", "固收+ 平衡理财", "Fixed Income Plus Balanced", 3, 0.06),
    Product("WM-R3-002", "沪深 300 指数增强", "CSI 300 Index Enhanced", 3, 0.12),
    Product("WM-R3-003", "养老目标 2045 基金", "Target Date 2045 Fund", 3, 0.08),
    Product("WM-R4-001", "科技创新混合基金", "Tech Innovation Hybrid Fund", 4, 0.22),
    Product("WM-R4-002", "消费升级股票基金", "Consumer Upgrade Equity Fund", 4, 0.2),
    Product("WM-R4-003", "港股通精选基金", "HK Connect Select Fund", 4, 0.24),
    Product("WM-R5-001", "新能源行业股票基金", "New Energy Sector Fund", 5, 0.32),
    Product("WM-R5-002", "黄金期货联接", "Gold Futures Feeder", 5, 0.28),
    Product("WM-R5-003", "QDII 纳斯达克 100", "QDII Nasdaq-100", 5, 0.3),
)
_PRODUCTS_UP_TO: dict[int, list[Product]] = {
    level: [p for p in PRODUCT_SHELF if p.risk <= level] for level in range(1, 6)
}

_ID_AREAS = (
    "110105",  # Beijing Chaoyang
    "110108",  # Beijing Haidian
    "310115",  # Shanghai Pudong
    "310104",  # Shanghai Xuhui
    "440305",  # Shenzhen Nanshan
    "440304",  # Shenzhen Futian
    "440106",  # Guangzhou Tianhe
    "330106",  # Hangzhou Xihu
    "320106",  # Nanjing Gulou
    "510107",  # Chengdu Wuhou
    "420106",  # Wuhan Wuchang
    "500103",  # Chongqing Yuzhong
    "610113",  # Xi'an Yanta
    "430104",  # Changsha Yuelu
    "370212",  # Qingdao Laoshan
    "350203",  # Xiamen Siming
)
# Area code (without trunk 0) → subscriber digits; E.164 drops the trunk prefix.
_LANDLINE_AREAS = (("755", 8), ("10", 8), ("21", 8), ("20", 8), ("571", 8), ("28", 8))
_MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 "
    "166 176 177 180 181 182 183 185 186 187 188 189 198 199"
).split()
_ZH_MAIL = ("qq.com", "163.com", "126.com", "sina.com", "139.com", "foxmail.com")
_EN_MAIL = ("gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com")

_DEBIT_CARDS = (("621483", "银联借记卡", "UnionPay Debit"), ("622609", "金卡借记卡", "Gold Debit"))
_CREDIT_CARDS = (
    ("625802", "银联标准信用卡", "UnionPay Classic Credit"),
    ("628262", "白金信用卡", "Platinum Credit"),
    ("625911", "全币种旅行卡", "Multi-Currency Travel Card"),
)

TEAMS = ("retail", "cards", "wealth", "complaints")
_AGENT_NAMES = (
    "王芳 李娜 张伟 刘洋 陈静 杨帆 黄丽 赵磊 吴敏 周杰 "
    "徐婷 孙浩 马丽 朱琳 胡斌 郭颖 何平 林雪 高鹏 罗倩"
).split()
_AGENTS = tuple(f"agent{n:02d}" for n in range(1, 21))
# agents 17–20 are the complaints team; others take the phone, chat and e-mail queues.
_COMPLAINT_HANDLERS = _AGENTS[16:]
_SERVICE_AGENTS = _AGENTS[:16]
_RM_NAMES = "陈晓东 李文静 王海涛 刘思雨 张建国 杨慧 赵一鸣 孙丽华 周子轩 吴佳怡".split()


@dataclass(frozen=True)
class _Reason:
    reason: str
    wrap_up: str
    queue: str
    note_zh: str
    note_en: str


_REASONS: dict[str, tuple[_Reason, ...]] = {
    "service": (
        _Reason("balance_inquiry", "resolved", "retail", "客户查询余额，已告知", "Balance given"),
        _Reason("card_activation", "resolved", "cards", "协助激活新卡", "Helped activate new card"),
        _Reason("card_lost", "card_blocked", "cards", "客户挂失，已冻结卡片", "Card lost, blocked"),
        _Reason(
            "transfer_issue",
            "resolved",
            "retail",
            "跨行转账未到账，已说明到账时间",
            "Interbank transfer pending, explained timing",
        ),
        _Reason("password_reset", "resolved", "retail", "指导重置密码", "Guided through PIN reset"),
        _Reason(
            "wealth_inquiry",
            "info_given",
            "wealth",
            "咨询理财产品收益",
            "Asked about fund performance",
        ),
        _Reason(
            "loan_inquiry", "info_given", "retail", "咨询提前还款", "Asked about early repayment"
        ),
        _Reason(
            "fee_query",
            "info_given",
            "retail",
            "询问年费收取规则",
            "Asked how the annual fee is charged",
        ),
        _Reason(
            "address_change",
            "resolved",
            "retail",
            "更新通讯地址",
            "Updated mailing address",
        ),
        _Reason(
            "credit_limit",
            "callback_scheduled",
            "cards",
            "申请提额，安排回呼",
            "Limit increase requested, callback set",
        ),
    ),
    "outbound": (
        _Reason(
            "care_call",
            "resolved",
            "wealth",
            "基金回撤关怀回访，客户知悉",
            "Care call after fund drawdown",
        ),
        _Reason(
            "marketing_offer",
            "not_interested",
            "retail",
            "推荐大额存单，客户暂不需要",
            "Offered CD, not interested",
        ),
        _Reason(
            "complaint_followup",
            "resolved",
            "complaints",
            "投诉办结回访，客户满意",
            "Complaint follow-up, satisfied",
        ),
        _Reason("no_answer", "no_answer", "retail", "无人接听", "No answer"),
    ),
    "digital": (
        _Reason(
            "app_login", "resolved", "digital", "手机银行登录失败，已解锁", "App login unlocked"
        ),
        _Reason("bill_query", "info_given", "cards", "查询信用卡账单", "Card statement query"),
        _Reason(
            "transfer_limit",
            "resolved",
            "digital",
            "调整转账限额",
            "Transfer limit adjusted",
        ),
    ),
    "branch": (
        _Reason("account_open", "resolved", "branch", "网点开户", "Opened account at branch"),
        _Reason("wealth_purchase", "resolved", "branch", "购买理财产品", "Bought wealth product"),
        _Reason("id_update", "resolved", "branch", "更新身份证有效期", "Updated ID document"),
    ),
    "notice": (
        _Reason("otp", "sent", "", "发送动态验证码", "OTP sent"),
        _Reason("statement", "sent", "", "发送电子对账单", "e-Statement sent"),
        _Reason("due_reminder", "sent", "", "还款提醒", "Repayment reminder"),
    ),
}
# channel → (weight, reason group, has an agent, typical duration in seconds)
_CHANNELS: tuple[tuple[Channel, float, str, bool, int], ...] = (
    (Channel.PHONE_IN, 34, "service", True, 300),
    (Channel.PHONE_OUT, 8, "outbound", True, 180),
    (Channel.WEB_CHAT, 10, "service", True, 480),
    (Channel.APP, 14, "digital", False, 120),
    (Channel.WECHAT, 12, "service", True, 420),
    (Channel.BRANCH, 9, "branch", False, 1200),
    (Channel.EMAIL, 5, "service", True, 0),
    (Channel.SMS, 8, "notice", False, 0),
)
_CHANNEL_CUM = list(accumulate(c[1] for c in _CHANNELS))

_COMPLAINTS: dict[ComplaintCategory, tuple[str, str, str, str, str]] = {
    # category → (summary zh, summary en, desired outcome zh, desired outcome en, team)
    ComplaintCategory.FEES: (
        "信用卡年费未告知即扣收",
        "Annual card fee charged without notice",
        "退还年费",
        "Refund the annual fee",
        "cards",
    ),
    ComplaintCategory.CARDS: (
        "信用卡被无故降额",
        "Credit limit cut without explanation",
        "恢复原额度并说明原因",
        "Restore the limit and explain",
        "cards",
    ),
    ComplaintCategory.LOANS: (
        "提前还款违约金计算有误",
        "Early repayment penalty miscalculated",
        "重新核算并退还多收部分",
        "Recalculate and refund the excess",
        "retail",
    ),
    ComplaintCategory.WEALTH_MIS_SELLING: (
        "理财经理未充分提示风险，产品亏损",
        "Fund loss; risks were not explained at sale",
        "赔偿本金损失",
        "Compensation for the loss",
        "wealth",
    ),
    ComplaintCategory.SERVICE_ATTITUDE: (
        "客服态度差，多次转接未解决",
        "Rude agent, transferred several times",
        "道歉并解决原问题",
        "An apology and a fix",
        "retail",
    ),
    ComplaintCategory.DIGITAL_CHANNEL: (
        "手机银行转账失败但已扣款",
        "App transfer failed but money was debited",
        "尽快退回款项",
        "Return the money quickly",
        "digital",
    ),
    ComplaintCategory.FRAUD_DISPUTE: (
        "信用卡出现不明境外交易",
        "Unrecognised overseas card transactions",
        "撤销交易并换卡",
        "Reverse the charges and reissue the card",
        "cards",
    ),
    ComplaintCategory.OTHER: (
        "网点排队时间过长",
        "Very long wait at the branch",
        "改进服务",
        "Improve the service",
        "retail",
    ),
}
_COMPLAINT_CATEGORIES = tuple(_COMPLAINTS)
_OPEN_STATUSES = (
    TicketStatus.NEW,
    TicketStatus.ACKNOWLEDGED,
    TicketStatus.INVESTIGATING,
    TicketStatus.INVESTIGATING,
    TicketStatus.PENDING_CUSTOMER,
)
COMPLAINT_DECISION_DAYS = 15  # 银行业保险业消费投诉处理管理办法: decide within 15 days

_ALERT_NOTES = {
    AlertKind.VULNERABLE: ("高龄客户，请放慢语速并确认理解", "Elderly customer: speak slowly"),
    AlertKind.FRAUD_WATCH: (
        "疑似电信诈骗目标，大额转账需二次核实",
        "Possible scam target: re-verify large transfers",
    ),
    AlertKind.BEREAVEMENT: ("家属近期离世，请注意沟通方式", "Recent bereavement in the family"),
    AlertKind.VIP_NOTE: ("偏好客户经理回电，勿推销", "Prefers RM callback; no sales calls"),
}


# --------------------------------------------------------------------------------------------
# Users


def demo_users() -> list[Row]:
    """The demo staff: agent01..agent20, sup01..sup02 and admin (no password hash: the seeder
    hashes :data:`DEMO_PASSWORD` once and fills it in)."""
    users: list[Row] = []
    for number, username in enumerate(_AGENTS, start=1):
        # 01–08 retail, 09–12 cards, 13–16 wealth, 17–20 complaints.
        team = "retail" if number <= 8 else TEAMS[(number - 1) // 4 - 1]
        users.append(
            {
                "id": number,
                "username": username,
                "display_name": _AGENT_NAMES[number - 1],
                "role": "agent",
                "team": team,
                "active": True,
            }
        )
    for offset, (username, display) in enumerate((("sup01", "陈主管"), ("sup02", "刘主管"))):
        users.append(
            {
                "id": 21 + offset,
                "username": username,
                "display_name": display,
                "role": "supervisor",
                "team": "retail" if offset == 0 else "complaints",
                "active": True,
            }
        )
    users.append(
        {
            "id": 23,
            "username": "admin",
            "display_name": "系统管理员",
            "role": "admin",
            "team": "",
            "active": True,
        }
    )
    return users


# --------------------------------------------------------------------------------------------
# The generator


@dataclass
class Batch:
    """Rows of one batch of customers, per table (keys of :data:`TABLE_ORDER`)."""

    customers: int = 0
    rows: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLE_ORDER})

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


_LOAN_KINDS = ("mortgage", "consumer", "business")


class _Generator:
    """One pass over the customers; holds the RNG, the id counters and the family phones."""

    def __init__(self, seed: int, reference: date) -> None:
        self.rng = random.Random(seed)
        self._random = self.rng.random
        self.reference = reference
        # "Now" of the data set: 09:00 China time on the reference date, in UTC.
        self.now = datetime.combine(reference, time(9), tzinfo=UTC) - CST
        self.next_id = dict.fromkeys(TABLE_ORDER, 1)
        self.recent_phones: list[tuple[str, str]] = []  # (e164, kind) a family could share
        self.surname_cum = list(
            accumulate(
                3.0 if rank < 10 else 1.5 if rank < 40 else 0.6 for rank in range(len(_SURNAMES))
            )
        )

    # random.choice and randrange spend most of their time in _randbelow; for a demo data set
    # scaling one random() is as good and about three times faster (1M customers ≈ 100M draws).
    def _pick(self, options: Sequence[T]) -> T:
        return options[int(self._random() * len(options))]

    def _below(self, stop: int) -> int:
        return int(self._random() * stop)

    def _between(self, start: int, stop: int) -> int:
        return start + int(self._random() * (stop - start))

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    # -- identity ------------------------------------------------------------------------------

    def _chinese_name(self, male: bool) -> str:
        rng = self.rng
        if rng.random() < 0.006:
            surname = self._pick(_COMPOUND_SURNAMES)
        else:
            index = bisect(self.surname_cum, rng.random() * self.surname_cum[-1])
            surname = _SURNAMES[index]
        if rng.random() < 0.35:  # one-character given name: 张伟, 王芳
            return surname + self._pick(_MALE_SINGLE if male else _FEMALE_SINGLE)
        chars = _MALE_CHARS if male else _FEMALE_CHARS
        first = self._pick(chars)
        second = first if rng.random() < 0.05 else self._pick(chars)  # 娜娜, 欢欢
        return surname + first + second

    def _english_name(self, male: bool) -> str:
        return f"{self._pick(_EN_MALE if male else _EN_FEMALE)} {self._pick(_EN_SURNAMES)}"

    def _birth_date(self) -> date:
        rng = self.rng
        # Ages 18–85, most of them 25–60.
        age = min(85.0, max(18.0, rng.gauss(44, 13)))
        return self.reference - timedelta(days=int(age * 365.25) + self._below(365))

    def _id_number(self, birth: date, male: bool) -> str:
        # Sequence digits: odd for men, even for women (GB 11643).
        sequence = self._below(50) * 2 + self._below(5) * 200 + (1 if male else 0)
        first17 = f"{self._pick(_ID_AREAS)}{birth:%Y%m%d}{sequence:03d}"
        return first17 + id_check_digit(first17)

    def _mobile(self) -> str:
        return f"+86{self._pick(_MOBILE_PREFIXES)}{self._below(100_000_000):08d}"

    def _landline(self) -> str:
        area, digits = self._pick(_LANDLINE_AREAS)
        # Subscriber numbers never start with 0 or 1, and 800… is a freephone block in Beijing
        # and Shanghai, no landline: the first digit is 2–7.
        first = self._between(2, 8)
        return f"+86{area}{first}{self._below(10 ** (digits - 1)):0{digits - 1}d}"

    def _phones(self, customer_id: int) -> list[Row]:
        rng = self.rng
        numbers: list[tuple[str, str]] = []
        roll = rng.random()
        if roll < 0.04 and self.recent_phones:
            # A family member: shares a number with a recent customer (the family's landline or
            # a parent's mobile), so that number pops 2–3 candidates.
            shared = self._pick(self.recent_phones)
            numbers.append(shared)
            if rng.random() < 0.7:
                numbers.append((self._mobile(), "mobile"))
            self.recent_phones.remove(shared)  # at most 3 customers per shared number
        else:
            numbers.append((self._mobile(), "mobile"))
            if roll > 0.88:
                numbers.append((self._landline(), "home"))
            elif roll > 0.84:
                numbers.append((self._mobile(), "work"))
        if rng.random() < 0.06:
            self.recent_phones.append(numbers[-1] if numbers[-1][1] == "home" else numbers[0])
            if len(self.recent_phones) > 20:
                self.recent_phones.pop(0)
        rows = []
        seen: set[str] = set()
        for e164, kind in numbers:
            if e164 in seen:
                continue
            seen.add(e164)
            rows.append({"id": self._id("customer_phones"), "customer_id": customer_id,
                         "e164": e164, "kind": kind})  # fmt: skip
        return rows

    # -- money -------------------------------------------------------------------------------

    def _aum(self) -> float:
        """Piecewise log distribution: mass 80%, gold 14%, platinum 5%, private 1% (defaults)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.80:
            while True:
                value = rng.lognormvariate(10.2, 1.5)  # median ~27k CNY
                if value < 499_000:
                    return max(value, 12.0)
        if roll < 0.94:
            low, high = 500_100.0, 1_999_000.0
        elif roll < 0.99:
            low, high = 2_000_100.0, 5_999_000.0
        else:
            return 6_000_100.0 * math.exp(rng.expovariate(1.3))
        return float(low * (high / low) ** (rng.random() ** 1.4))  # denser near the band's bottom

    # -- one customer ------------------------------------------------------------------------

    def customer(self, batch: Batch) -> None:
        rng = self.rng
        rows = batch.rows
        cid = self._id("customers")
        male = rng.random() < 0.5
        chinese = rng.random() < 0.85
        name = self._chinese_name(male) if chinese else self._english_name(male)
        pinyin, initials = romanize(name)
        language = "zh" if chinese or rng.random() < 0.3 else "en"
        zh = language == "zh"
        birth = self._birth_date()
        age = (self.reference - birth).days // 365
        id_number = self._id_number(birth, male)
        phones = self._phones(cid)
        rows["customer_phones"].extend(phones)

        handle = pinyin.replace(" ", self._pick(("", ".", "_")))
        if rng.random() < 0.5:
            handle += str(birth.year % 100 if rng.random() < 0.6 else self._between(1, 999))
        domains = _ZH_MAIL if chinese else _EN_MAIL
        email = (
            f"{self._between(10**7, 10**10)}@qq.com"
            if chinese and rng.random() < 0.2
            else f"{handle}@{self._pick(domains)}"
        )
        if rng.random() < 0.08:
            email = ""  # no e-mail on file (older customers especially)

        aum = self._aum()
        tier = tier_for_aum(_money(aum))
        risk = self._risk_profile(age, tier)
        wealth_share = 0.0
        if aum > 20_000 and rng.random() < (0.25 if tier is Tier.MASS else 0.85):
            wealth_share = rng.uniform(0.2, 0.8)
        wealth_total = aum * wealth_share
        deposits = aum - wealth_total

        accounts = self._accounts(cid, deposits)
        rows["accounts"].extend(accounts)
        cards = self._cards(cid, tier, zh)
        rows["cards"].extend(cards)
        loans = self._loans(cid, age, tier)
        rows["loans"].extend(loans)
        holdings, falling = self._wealth(cid, wealth_total, risk, zh)
        rows["wealth_holdings"].extend(holdings)

        revenue = aum * rng.uniform(0.003, 0.012) + 80 * len(cards)
        revenue += sum(float(loan["outstanding"]) * 0.012 for loan in loans)

        assessed = self.reference - timedelta(
            days=self._between(366, 900) if rng.random() < 0.15 else self._between(0, 360)
        )
        alerts: list[dict[str, str]] = []
        for kind, chance in (
            (AlertKind.VULNERABLE, 0.02 + (0.10 if age >= 75 else 0.0)),
            (AlertKind.FRAUD_WATCH, 0.01 + (0.02 if age >= 65 else 0.0)),
            (AlertKind.BEREAVEMENT, 0.005),
            (AlertKind.VIP_NOTE, 0.30 if tier in (Tier.PLATINUM, Tier.PRIVATE) else 0.005),
        ):
            if rng.random() < chance:
                alerts.append({"kind": kind.value, "note": _ALERT_NOTES[kind][0 if zh else 1]})

        ticket = self._ticket(cid, zh, bool(holdings)) if rng.random() < 0.05 else None
        if ticket is not None:
            rows["tickets"].append(ticket)
            if ticket["status"] not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
                alerts.append({"kind": AlertKind.OPEN_COMPLAINT.value, "note": ticket["summary"]})
        rows["interactions"].extend(self._interactions(cid, zh, ticket, falling))

        mix = ["deposit"]
        if holdings:
            mix.append("wealth")
        if any(card["kind"] == "credit" for card in cards):
            mix.append("credit")
        if loans:
            mix.append("loan")
        band = (
            "18-24" if age < 25 else "25-34" if age < 35 else "35-44" if age < 45
            else "45-54" if age < 55 else "55-64" if age < 65 else "65+"
        )  # fmt: skip
        digital = rng.random() * (1.4 if age < 45 else 0.8 if age < 65 else 0.4)
        usage = "high" if digital > 0.7 else "medium" if digital > 0.3 else "low"
        segments = [f"age:{band}", f"e-channel:{usage}", "mix:" + "+".join(mix)]

        total = sum((a["balance"] for a in accounts), Decimal(0))
        total += sum((h["market_value"] for h in holdings), Decimal(0))
        rm = ""
        if tier is not Tier.MASS:
            rm_index = self._below(len(_RM_NAMES))
            rm = f"{_RM_NAMES[rm_index]} (RM{rm_index + 101:04d})"

        rows["customers"].append(
            {
                "id": cid,
                # A bijective scramble of the id (multiplier coprime with 10^10): unique, and it
                # does not look like a counter.
                "cif": f"62{(cid * 7_654_321 + 1_234_567) % 10**10:010d}",
                "name": name,
                "name_pinyin": pinyin,
                "name_initials": initials,
                "language": language,
                "birth_date": birth,
                "id_number": id_number,
                "email": email,
                # The AUM is exactly what the holdings add up to; the bands keep a margin from
                # the thresholds, so rounding to cents never moves a customer across a tier.
                "tier": tier_for_aum(total).value,
                "segments": segments,
                "aum": total,
                "yearly_revenue": _money(revenue),
                "risk_profile": f"C{risk}",
                "risk_assessed_on": assessed,
                "marketing_consent": rng.random() < 0.55,
                "do_not_call": rng.random() < 0.05,
                "alerts": alerts,
                "relationship_manager": rm,
                "customer_since": self._customer_since(cid, birth),
                "e_channel_login_days": self._login_days(usage),
                "version": 1,
                "updated_at": self.now,
            }
        )

    def _customer_since(self, cid: int, birth: date) -> date:
        """The relationship's start: up to 20 years back, from the 18th birthday at the
        earliest (derived from the id, so the random draws stay as they were)."""
        back = timedelta(days=(cid * 2_654_435_761) % (20 * 365))
        adult = (
            birth.replace(year=birth.year + 18)
            if (birth.month, birth.day) != (2, 29)
            else (date(birth.year + 18, 3, 1))
        )
        return max(self.reference - back, min(adult, self.reference))

    def _login_days(self, usage: str) -> list[str]:
        """App or web logins in the last 90 days matching the e-channel usage drawn."""
        count = {"high": 24, "medium": 6, "low": 1}[usage]
        return [(self.reference - timedelta(days=3 * k + 1)).isoformat() for k in range(count)]

    def _risk_profile(self, age: int, tier: Tier) -> int:
        rng = self.rng
        level = bisect((0.15, 0.45, 0.80, 0.95), rng.random()) + 1
        if age >= 70 and level > 2 and rng.random() < 0.6:
            level -= 2  # older customers assess more conservatively
        if tier in (Tier.PLATINUM, Tier.PRIVATE) and level < 5 and rng.random() < 0.3:
            level += 1
        return level

    def _accounts(self, cid: int, deposits: float) -> list[Row]:
        rng = self.rng
        count = 1 + (rng.random() < 0.45) + (rng.random() < 0.2)
        kinds = [AccountKind.SAVINGS, AccountKind.CURRENT, AccountKind.TIME_DEPOSIT][:count]
        shares = [rng.random() + 0.1 for _ in kinds]
        scale = deposits / sum(shares)
        return [
            {
                "id": self._id("accounts"),
                "customer_id": cid,
                "kind": kind.value,
                "number": f"6{self._between(10**17, 10**18)}",
                "currency": "USD" if kind is AccountKind.CURRENT and rng.random() < 0.05 else "CNY",
                "balance": _money(share * scale),
            }
            for kind, share in zip(kinds, shares, strict=True)
        ]

    def _pan(self, bin_: str) -> str:
        payload = f"{bin_}{self._below(10**9):09d}"
        return payload + luhn_check_digit(payload)

    def _cards(self, cid: int, tier: Tier, zh: bool) -> list[Row]:
        rng = self.rng
        cards: list[Row] = []
        count = bisect((0.12, 0.62, 0.90), rng.random())  # 0–3 cards, most have one or two
        for index in range(count):
            credit = index > 0 or rng.random() < 0.2
            if credit:
                bin_, name_zh, name_en = self._pick(_CREDIT_CARDS)
                base = 20_000 if tier is Tier.MASS else 80_000
                limit: Decimal | None = _money(base * rng.randint(1, 10))
            else:
                bin_, name_zh, name_en = _DEBIT_CARDS[tier is not Tier.MASS]
                limit = None
            roll = rng.random()
            status = (
                "active" if roll < 0.93 else "blocked" if roll < 0.96
                else "lost" if roll < 0.975 else "expired"
            )  # fmt: skip
            cards.append(
                {
                    "id": self._id("cards"),
                    "customer_id": cid,
                    "kind": "credit" if credit else "debit",
                    "product": name_zh if zh else name_en,
                    "pan": self._pan(bin_),
                    "status": status,
                    "credit_limit": limit,
                }
            )
        return cards

    def _loans(self, cid: int, age: int, tier: Tier) -> list[Row]:
        rng = self.rng
        loans: list[Row] = []
        count = bisect((0.72, 0.93), rng.random()) if 23 <= age <= 65 else 0
        for index in range(count):
            # At most one mortgage or business loan; a second loan is a consumer loan.
            kind = "consumer" if index else _LOAN_KINDS[bisect((0.5, 0.9), rng.random())]
            if kind == "mortgage":
                principal, years, rate = rng.uniform(3e5, 4e6), self._pick((20, 25, 30)), 3.1
            elif kind == "consumer":
                principal, years, rate = rng.uniform(2e4, 3e5), self._pick((1, 2, 3, 5)), 3.6
            else:
                principal, years, rate = rng.uniform(1e5, 2e6), self._pick((1, 3, 5)), 3.8
            if tier is Tier.PRIVATE:
                principal *= 2
            elapsed = rng.random()
            matures = self.reference + timedelta(days=int(years * 365 * (1 - elapsed)) + 30)
            loans.append(
                {
                    "id": self._id("loans"),
                    "customer_id": cid,
                    "kind": kind,
                    "principal": _money(principal),
                    "outstanding": _money(principal * (1 - elapsed) ** 0.8),
                    "rate_pct": Decimal(f"{rate + rng.uniform(0, 1.2):.3f}"),
                    "matures_on": matures,
                }
            )
        return loans

    def _wealth(self, cid: int, total: float, risk: int, zh: bool) -> tuple[list[Row], bool]:
        """Holdings worth ``total``; also says whether one has fallen more than 10%."""
        rng = self.rng
        if total <= 0:
            return [], False
        count = 1 + bisect((0.35, 0.65, 0.85, 0.95), rng.random())  # 1–5
        # Mostly suitable (R ≤ C); ~4% hold a product above their risk profile (mis-selling cases).
        shelf = PRODUCT_SHELF if rng.random() < 0.04 else _PRODUCTS_UP_TO[risk]
        products = rng.sample(shelf, min(count, len(shelf)))
        shares = [rng.random() + 0.2 for _ in products]
        scale = total / sum(shares)
        rows, falling = [], False
        for product, share in zip(products, shares, strict=True):
            value = share * scale
            change = rng.gauss(0.02, product.volatility)
            change = max(change, -0.6)
            falling = falling or change < -0.10
            cost = value / (1 + change)
            rows.append(
                {
                    "id": self._id("wealth_holdings"),
                    "customer_id": cid,
                    "product_code": product.code,
                    "product_name": product.name_zh if zh else product.name_en,
                    "risk_level": f"R{product.risk}",
                    "market_value": _money(value),
                    "unrealized_pnl": _money(value - cost),
                    # Bought at a NAV of 1 (a new product's): a price change revalues it.
                    "units": _money(value),
                }
            )
        return rows, falling

    # -- service history ---------------------------------------------------------------------

    def _ticket(self, cid: int, zh: bool, has_wealth: bool) -> Row:
        rng = self.rng
        category = self._pick(_COMPLAINT_CATEGORIES)
        if category is ComplaintCategory.WEALTH_MIS_SELLING and not has_wealth:
            category = ComplaintCategory.FEES
        summary_zh, summary_en, outcome_zh, outcome_en, _team = _COMPLAINTS[category]
        open_ = rng.random() < 0.6  # ~3% of customers have an open complaint, ~2% a closed one
        if open_:
            # Open ones straddle the 15-day clock: most within it, some due soon, a few overdue.
            opened = self.now - timedelta(seconds=self._between(600, 18 * 86_400))
            status = self._pick(_OPEN_STATUSES)
        else:
            opened = self._office_time(
                self.now - timedelta(seconds=self._between(20 * 86_400, 700 * 86_400))
            )
            status = TicketStatus.CLOSED if rng.random() < 0.8 else TicketStatus.RESOLVED
        severity = rng.choices((Severity.LOW, Severity.MEDIUM, Severity.HIGH), (5, 4, 1))[0]
        if category is ComplaintCategory.FRAUD_DISPUTE:
            severity = Severity.HIGH
        complained_about = self._pick(_SERVICE_AGENTS)
        description = summary_zh if zh else summary_en
        if category is ComplaintCategory.SERVICE_ATTITUDE:
            description += (
                f"（涉及座席 {complained_about}）" if zh else f" (agent {complained_about})"
            )
        # Recusal: the complaints team handles it, never the agent complained about.
        assignee = "" if status is TicketStatus.NEW else self._pick(_COMPLAINT_HANDLERS)
        ticket_id = self._id("tickets")
        return {
            "id": ticket_id,
            "reference": f"CMP-{opened:%Y%m}-{ticket_id:07d}",
            "customer_id": cid,
            "category": category.value,
            "severity": severity.value,
            "channel": self._pick((Channel.PHONE_IN, Channel.PHONE_IN, Channel.WECHAT)).value,
            "status": status.value,
            "summary": summary_zh if zh else summary_en,
            "description": description,
            "desired_outcome": outcome_zh if zh else outcome_en,
            "assignee": assignee,
            "team": "complaints",
            "regime": "cn",
            "opened_at": opened,
            "due_at": opened + timedelta(days=COMPLAINT_DECISION_DAYS),
            "version": 1,
            "updated_at": opened
            if open_
            else opened + timedelta(seconds=self._between(3 * 86_400, 14 * 86_400)),
        }

    def _interactions(self, cid: int, zh: bool, ticket: Row | None, falling: bool) -> list[Row]:
        rng = self.rng
        # 0–15 contacts over two years, most customers only a few.
        count = min(15, int(rng.expovariate(1 / 4.0)))
        starts = sorted(rng.random() for _ in range(count))
        rows: list[Row] = []
        window = 730 * 86_400
        for fraction in starts:
            channel, _weight, group, staffed, duration = _CHANNELS[
                bisect(_CHANNEL_CUM, rng.random() * _CHANNEL_CUM[-1])
            ]
            reason = self._pick(_REASONS[group])
            if reason.reason == "care_call" and not falling and rng.random() < 0.7:
                reason = _REASONS["outbound"][1]
            started = self._office_time(self.now - timedelta(seconds=int(window * (1 - fraction))))
            ended = started + timedelta(seconds=int(duration * rng.uniform(0.3, 2.5)) + 5)
            rows.append(self._interaction(cid, channel, started, ended, staffed, reason, zh))
        if ticket is not None:
            # The contact that raised the complaint, linked to its ticket.
            started = ticket["opened_at"] - timedelta(minutes=self._between(5, 40))
            reason = _Reason(
                "complaint",
                "complaint_logged",
                "complaints",
                "客户投诉：" + ticket["summary"],
                "Complaint: " + ticket["summary"],
            )
            row = self._interaction(
                cid, Channel(ticket["channel"]), started, started + timedelta(minutes=9),
                True, reason, zh,
            )  # fmt: skip
            row["ticket_id"] = ticket["id"]
            rows.append(row)
        # Ids follow time order within a customer, as in the append-only log (moving a contact
        # into service hours, or the complaint contact, can change the order).
        rows.sort(key=lambda r: r["started_at"])
        for row in rows:
            row["id"] = self._id("interactions")
        return rows

    def _office_time(self, moment: datetime) -> datetime:
        """Move a UTC moment into 08:00–21:00 China time of the same day (the service hours)."""
        local_hour = (moment + CST).hour
        if 8 <= local_hour < 21:
            return moment
        shift = self.rng.uniform(8, 20.9)
        local_midnight = (moment + CST).replace(hour=0, minute=0, second=0, microsecond=0)
        return local_midnight - CST + timedelta(seconds=int(shift * 3600))

    def _interaction(
        self,
        cid: int,
        channel: Channel,
        started: datetime,
        ended: datetime,
        staffed: bool,
        reason: _Reason,
        zh: bool,
    ) -> Row:
        return {
            "id": 0,
            "customer_id": cid,
            "channel": channel.value,
            "started_at": started,
            "ended_at": ended,
            "agent": self._pick(_SERVICE_AGENTS) if staffed else "",
            "queue": reason.queue,
            "reason": reason.reason,
            "wrap_up_code": reason.wrap_up,
            "notes": reason.note_zh if zh else reason.note_en,
            "ticket_id": None,
        }


def generate(
    customers: int, *, seed: int, reference: date, batch_size: int = 2000
) -> Iterator[Batch]:
    """Yield the rows of ``customers`` demo customers, ``batch_size`` customers per batch.

    Ids start at 1 in every table. The output depends only on ``(customers, seed, reference)``:
    the batch size changes how rows are grouped, never what they are.
    """
    if customers < 0 or batch_size < 1:
        raise ValueError("customers must be >= 0 and batch_size >= 1")
    generator = _Generator(seed, reference)
    done = 0
    while done < customers:
        batch = Batch()
        for _ in range(min(batch_size, customers - done)):
            generator.customer(batch)
        batch.customers = min(batch_size, customers - done)
        done += batch.customers
        yield batch
