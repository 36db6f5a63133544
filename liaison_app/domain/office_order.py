"""The order offices are listed in: the administrative-division order of their city.

Statistical tables of Chinese governments list places by their administrative division
code (GB/T 2260: 北京 11, 天津 12, … 上海 31, 江苏 32, … 广东 44, …), not by the code point
of their name (which puts 上海 before 北京). An office is placed by the first place named in
its name ("北京联络办", "长三角（上海）联络办"); offices whose name holds no known place
follow, by name.
"""

from __future__ import annotations

# Provincial-level divisions (code) and the cities liaison offices usually sit in (code of
# the city). At the same position in a name the longer place wins.
PLACES: dict[str, int] = {
    "北京": 110000,
    "天津": 120000,
    "河北": 130000,
    "石家庄": 130100,
    "山西": 140000,
    "太原": 140100,
    "内蒙古": 150000,
    "呼和浩特": 150100,
    "辽宁": 210000,
    "沈阳": 210100,
    "大连": 210200,
    "吉林": 220000,
    "长春": 220100,
    "黑龙江": 230000,
    "哈尔滨": 230100,
    "上海": 310000,
    "江苏": 320000,
    "南京": 320100,
    "无锡": 320200,
    "常州": 320400,
    "苏州": 320500,
    "南通": 320600,
    "浙江": 330000,
    "杭州": 330100,
    "宁波": 330200,
    "温州": 330300,
    "安徽": 340000,
    "合肥": 340100,
    "福建": 350000,
    "福州": 350100,
    "厦门": 350200,
    "泉州": 350500,
    "江西": 360000,
    "南昌": 360100,
    "山东": 370000,
    "济南": 370100,
    "青岛": 370200,
    "河南": 410000,
    "郑州": 410100,
    "湖北": 420000,
    "武汉": 420100,
    "湖南": 430000,
    "长沙": 430100,
    "广东": 440000,
    "广州": 440100,
    "深圳": 440300,
    "珠海": 440400,
    "佛山": 440600,
    "东莞": 441900,
    "广西": 450000,
    "南宁": 450100,
    "海南": 460000,
    "海口": 460100,
    "重庆": 500000,
    "四川": 510000,
    "成都": 510100,
    "贵州": 520000,
    "贵阳": 520100,
    "云南": 530000,
    "昆明": 530100,
    "西藏": 540000,
    "拉萨": 540100,
    "陕西": 610000,
    "西安": 610100,
    "甘肃": 620000,
    "兰州": 620100,
    "青海": 630000,
    "西宁": 630100,
    "宁夏": 640000,
    "银川": 640100,
    "新疆": 650000,
    "乌鲁木齐": 650100,
    "台湾": 710000,
    "香港": 810000,
    "澳门": 820000,
}
UNKNOWN = 10**6  # after every code


def office_sort_key(name: str) -> tuple[int, str]:
    """Sort key of an office name: the code of the first place it names, then the name."""
    found = [
        (name.find(place), -len(place), code) for place, code in PLACES.items() if place in name
    ]
    if not found:
        return UNKNOWN, name
    return min(found)[2], name
