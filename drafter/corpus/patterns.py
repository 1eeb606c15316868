"""Patterns of speech front matter shared by the cleaning and structure stages."""

from __future__ import annotations

import re

from drafter.text.chars import CJK

# 同志们, 乡亲们, 青年朋友们, 各位代表, 在座的各位同志 … (not 我们/他们).
_ADDRESSEE = (r"(?:(?!我们|你们|他们|咱们|人们)[^\s：:，。！、]{1,6}们|各位[^：:，。！、]{0,12}|"
              r"在座的[^：:，。！、]{1,12}|亲爱的[^：:，。！、]{1,12})")
SALUTATION_RE = re.compile(
    f"^(?:尊敬的[^：:。！]{{1,40}}|{_ADDRESSEE}(?:[、，,][^：:，。！、\\s]{{1,12}})*)[：:]")

# "(作者为…)" and the like: kept, because the structure stage takes the speaker from it
# (its group, stripped of spaces: matched here, a lazy name between two runs of spaces
# backtracked through 3,000 of them past a minute, fuzz pass B of stop 67).
BYLINE_RE = re.compile(r"^[（(]\s*(?:作者|本文作者)\s*(?:为|系|是|：|:)(.+)[）)]$")

# A speech's title names its genre: …的讲话, …致辞, 在…上的报告.
GENRE_TITLE_RE = re.compile(
    r"(?:讲话|致辞|致词|发言|报告|党课|讲稿|研讨材料|发言材料|交流材料|心得体会|体会文章|主持词|讲话提纲|"
    r"演讲|贺词|祝酒辞|开幕辞|闭幕辞|答谢辞|献词)(?:[（(]全文[）)])?$"
    r"|^在.{2,60}上的")

# Posts that name a speaker: 市委书记 王明, 副市长 陈立新.
POSTS = ("书记", "部长", "主任", "局长", "市长", "县长", "区长", "省长", "镇长", "乡长", "校长",
         "主席", "委员", "常委", "厅长", "处长", "科长", "院长", "所长", "总经理", "董事长",
         "理事长", "秘书长", "组长", "同志", "负责人", "代表", "总理", "教授", "研究员", "院士",
         "记者", "通讯员", "讲师")

# How speeches end.  A strong closer (同志们，让我们… / 谢谢大家) ends the speech wherever
# it stands; a weak one (希望大家… / 总之…) may also be what a last part is about, so it
# never takes the whole of that part.
_STRONG_CLOSING = (r"同志们[，,！!]|让我们|以上是我|谢谢|我就讲(?:这么多|这些|到这里)|"
                   r"最后[，,]\s*(?:我|让我们|祝)|(?:衷心)?祝(?:愿)?(?:大家|各位|同志们)|"
                   r"(?:最后[，,]\s*)?预祝")
STRONG_CLOSING_RE = re.compile(f"^(?:{_STRONG_CLOSING})")
CLOSING_RE = re.compile(
    f"^(?:{_STRONG_CLOSING}|希望(?:大家|同志们|各位|全市|全县|全区|全省)|最后[，,]\\s*希望|"
    r"总之[，,]|总而言之|展望未来|我(?:们)?(?:坚信|相信))")

# A Chinese personal name as news write-ups give it: a common surname and one or two
# characters (王明, 李建国).  Shared by the narration and quotation patterns.
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
             "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
             "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁"
             "岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝"
             "路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景"
             "党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖"
             "巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉"
             "伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮"
             "都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾"
             "戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由")
PERSON_NAME = f"[{_SURNAMES}][{CJK}]{{1,2}}"
