"""What a writer's topic is about, as the assembler needs to know it.

A topic such as 安全生产 or 学习贯彻党的二十届四中全会精神 says three things a draft must
respect:

- its **domains** (安全生产 → safety): the facet every phrase carries, so that a slot is
  filled only with material on this subject or with topic-neutral material (``general``),
  never with another subject's (a 安全生产 speech gets no paragraphs on 组工干部);
- its **related terms**, learned from the bank's own statistics: the salient words of
  the phrases on the topic's subject that also share its words, weighted by how rare they
  are in speech (安全生产 → 隐患排查, 应急管理, 安全责任 …), so that material on the topic
  is preferred to material merely of its domain;
- its **shape**: a work area (安全生产), a noun phrase (作风建设) or a verb phrase
  (学习贯彻…精神, 优化营商环境).  Template prose reads it to put the topic only into frames
  that take it (做好安全生产工作 but not 做好学习贯彻…精神工作).

A topic the domain cue words do not place is said to be unplaced; the draft then takes
only topic-neutral material and says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from drafter.bank.classify import _alternation
from drafter.bank.taxonomy import GENERAL_DOMAIN
from drafter.text.chars import CJK

# Verbs a topic may open with.  Light verbs (加强作风建设, 推进乡村振兴) only govern the
# noun phrase after them: the topic is that noun phrase.  Other verbs make the topic a
# task of its own (学习贯彻…精神, 优化营商环境): it stays a verb phrase.
ADVERB = (r"(?:进一步|持续|深入|全面|严格|扎实|着力|切实|大力|有效|牢牢|牢固|坚决|不断|因地制宜|"
           r"科学|有力有效|奋力|锲而不舍|驰而不息|坚定不移|持之以恒|久久为功|坚持不懈|始终|自觉|认真|稳慎|稳妥|积极稳妥|"
           r"积极)?")
# (Two verbs joined govern the noun together: 坚持和运用好民主集中制 is on 民主集中制; read
# as 坚持 alone it had been 和运用好民主集中制, and three judges' 党课 on it were empty.
# So does a pair said as one, 做大做强, 发展壮大: read as 发展, 发展壮大新型农村集体经济 had
# been on 壮大新型农村集体经济, and its speech said 做好发展壮大…工作 four times, judge 207.
# 坚持和发扬实事求是思想路线 read as 和发扬… left a 党课 with no passage: judge 214.)
LIGHT_VERB_RE = re.compile(ADVERB + r"(?:(?:坚持|加强|巩固|学习|维护)[和并]"
                           r"(?:运用好|运用|贯彻好|贯彻|落实好|落实|执行好|执行|发展|完善|加强|"
                           r"改进|践行|弘扬|发扬|用好|维护|巩固|深化|规范|拓展|提升)|"
                           r"选优配强|选好配强|配齐配强|配优配强|大兴|建好用好|建好管好|管好用好|做大做强|做优做强|做强做优做大|做强做优|发展壮大|用好|管好|办好|加强|推进|推动|推行|深化|做好|抓好|坚持|开展|"
                           r"提升|强化|提高|加快|完善|改进|落实|健全|构建|建设|打造|锻造|实施|打好|打赢)")
# A meaning or a content grasped: 深刻领悟“两个确立”的决定性意义, 准确把握…的核心要义.
GRASPED_MEANING_RE = re.compile(r"(?P<verb>(?:深刻|准确|全面|深入)?"
                                r"(?:领悟|认识|理解|领会|感悟|把握))"
                                r"(?P<subject>[^，。；\s]{2,24}?)的(?:决定性|重大|重要|深刻|"
                                r"时代|历史|实践|世界)?(?:意义|内涵|要义|核心要义|精髓要义)$")
# Verbs of what one holds to or holds oneself to (牢记初心使命, 严守政治纪律): what they
# govern is no work done well (see topic_forms; templates read such a topic as inward).
HELD_TO_VERBS = "牢记|坚守|严守|树牢|永葆|锤炼|涵养|厚植|做到|掌握"
TOPIC_VERB_RE = re.compile(ADVERB + r"(?:学习宣传贯彻|学习贯彻|学习运用|学习借鉴|学习弘扬|"
                           r"贯彻落实|"
                           # A book is studied (学习《党委会的工作方法》); a conviction
                           # made firm, a sense of duty strengthened, a cost cut.
                           r"(?:学习|研读|读|精读)(?=《)|学习(?=党章|党规|党史|宪法|民法典|条例|准则)|坚定(?!不移)|增强|降低|传承弘扬|传承|"
                           r"(?:科学)?编制|关心关爱|关爱|" + HELD_TO_VERBS
                           + r"|贯彻|优化|促进|巩固|掌握|把握|铸牢|筑牢|守牢|守住|守护|维护|"
                           r"防范化解|化解|(?:主动|深度)?融入(?:和服务)?|承接|(?:深刻|准确|全面)?(?:认识和把握|理解和把握)|(?:主动)?服务和融入|树立和践行|树立|践行|弘扬|发扬|纠治|根治|"
                           r"发展|保护|防范|防治|整治|厉行|反对|制止|破解|解决|打击治理|打击(?!力度)|"
                           # One-character verbs of slogans (稳就业, 促消费, 保民生, 抓党建),
                           # not the first character of a word (稳定, 促进, 保障, 抓好).
                           r"稳(?![定妥步健固])|促(?![进使成])|保(?![障护险持卫证留])|抓(?![好紧实住手]))")
# A second slogan after a first one's object (就业|保|就业 of 稳就业保就业): what a topic
# opening on a one-character slogan verb goes on with.
_SLOGAN_PAIR_RE = re.compile(r"(?P<first>[\u4e00-\u9fff]{2,4}?)[稳促保抓]"
                             r"(?P<second>[\u4e00-\u9fff]{2,4})")
# A course, or a way of thinking, is held to (坚持…方向, 坚持系统观念): not 做好 as a 工作.
_HELD_COURSE_RE = re.compile(r"(?:方向|道路|路线|观念|思维|原则|方针)$")
# What a task says is hard about its subject (破解…难题, 解决…问题).
_HARD_TAIL_RE = re.compile(r"(?:难题|难点|问题|难)$")
_RAISED_RE = re.compile(r"的?(?:能力|水平|能力和水平|能力水平)$")
_DONE_WELL_RE = re.compile(r"^(?:[\u4e00-\u9fff]{1,2}好、?){2,}")
_CAMPAIGNED_FOR_RE = re.compile(r"(?:创建|争创|创成|争当|申创)(?=.{4})")
_CAMPAIGN_END_RE = re.compile(r"(?:攻坚战|战役|行动|工程|战略|运动)$")
_SYSTEM_END_RE = re.compile(r"(?:体系|机制|格局)$")
_BUILT_RE = re.compile(r"(?:构建|建立|健全|完善|形成|打造|建设)(?=.{2})")
_MEANS_RE = re.compile(r"^抓.{2,8}?(?:促|推动|助力|引领)(.{2,})$")
# 以钉钉子精神抓好工作落实, 以高质量党建引领高质量发展: the means (以…), then a task done
# by it.  The verbs a task by some means opens with, besides those of TOPIC_VERB_RE and
# LIGHT_VERB_RE.
_BY_MEANS_VERB_RE = re.compile(r"狠抓|抓实|抓牢|引领|促进|助力|赋能|带动|护航|凝聚|激发|开创|"
                               r"服务|保障|书写|谱写|奋力|全力")
_BY_MEANS_LONGEST = 10  # characters of the means (钉钉子精神, 高质量党建, 新质生产力)
# A noun phrase that names a field of work (安全生产, 乡村振兴, 组织工作): it takes 工作
# and 做好…工作; one that ends in 建设, 体系, 能力 … is a goal (作风建设), and takes 加强.
_AREA_END_RE = re.compile(r"(工作|生产|振兴|治理|服务|管理|保护|发展|改革|教育|保障|防控|监管|"
                          r"应急|安全|环境|[防抗救减][汛旱灾]|信访|就业|维稳|审计|统计|"
                          r"招商引资|宣传|统战|帮扶|防疫|征兵|双拥|消防|禁毒|人防|防火|编制|卫生|健康|"
                          r"人才|干部|党员|企业家|人士|乡贤|军人|人员|群体|人大|政协|试点|筹备|"
                          # (People met on their work: 做好乡村医生工作, not 做好乡村医生.)
                          r"医生|村医|教师|书记|律师|护士|社工|网格员|辅警|志愿者|工作者)$")
# What a writer may type around the topic itself (see core_topic).
JURISDICTION_HEAD_RE = re.compile(r"^(?:全|本)(?:省|市|县|区|州|盟|旗|镇|乡)")
_MEETING_TAIL_RE = re.compile(r"(?<=.{2})(?:代表)?(?:工作)?(?:复盘)?"
                              # A season's gathering (迎春座谈会, 重阳茶话会) is the occasion.
                              r"(?:迎春|新春|春节|重阳|中秋|国庆|元旦)?"
                              # (现场 of …整治现场推进会 is where it meets: judge 173.)
                              r"(?:专题)?(?:学习)?(?:现场)?(?:观摩)?(?:推进)?"
                              r"(?:(?:动员)?部署会议|会议|推进会|座谈会|茶话会|团拜会|(?:动员)?部署会|动员会|"
                              r"务虚会|交办会|(?:业务)?培训会|"
                              r"总结会|总结|"
                              r"汇报会|调度会|分析会|"
                              r"现场会|观摩会|研讨会|研讨|交流会|培训班|读书班|联席会议|工作会|(?:动员)?大会|"
                              # What the writer is to write (…专题研讨发言, …党课讲稿).
                              r"(?:研讨|交流)?发言(?:材料)?|专题党课|党课讲稿)$")
# A writer often types the assignment as the title they were given: 在全市安全生产工作
# 会议上的讲话, …座谈会上的总结讲话, with a theme after a colon or a dash.
_SPEECH_TITLE_RE = re.compile(r"^在(?P<meeting>.{2,}?)上的.{0,4}?(?:讲话|发言|致辞|报告)"
                              r"(?:[：:—\s]+(?P<theme>.+))?$")
# …or names the occasion, then the theme: 县委理论学习中心组专题研讨：因地制宜发展新质生产力.
_OCCASION_RE = re.compile(r"^在?(?P<meeting>[^：:]{2,30}?(?:会议?|研讨|座谈|党课|学习班|读书班|"
                          r"中心组学习|交流|发言|讲座|培训))[：:—\s]+(?P<theme>.{2,})$")
# The year of a meeting (全市2025年安全生产工作会议) is the meeting's, not the topic's.
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年"  # 2025年, 二〇二五年
_YEAR_RE = re.compile("^" + _YEAR + r"(?:度)?")
# Firms and traders a meeting gathers (not 企业家, people: see _WORK_OF_PEOPLE).
# (Not firms something is done for: 培育专精特新企业.)
_FIRMS_END_RE = re.compile(r"^(?!培育|扶持|服务|支持|发展|壮大|引进|招引|帮扶|做强|做优)"
                           r".{2,}(?:企业|工商户|经营主体|市场主体)$")
# A part that says what the work is for (赋能县域高质量发展, 奋力谱写新篇章) names no
# subject the draft must cover.
# (激发乡村发展活力 of 深化农村改革 激发乡村发展活力, 护航现代农业发展: what the work
# brings, said of a whole field; its words would draw the field's every subject.)
_PURPOSE_RE = re.compile(r"^(?:赋能|助力|服务|奋力|谱写|为|争当|当好|努力|激发|激活|释放|"
                         r"护航)")
# A theme quoted by its occasion: longer than a name, with quotes of its own inside
# (县委理论学习中心组"学习运用'千万工程'经验，推进乡村全面振兴"专题研讨).
_THEME_QUOTED_RE = re.compile(r"[“\"「『]([^“”\"「」『』]{2,40})[”\"」』]")
# Words that name an occasion around a quoted theme (中心组…专题学习研讨发言).
_OCCASION_WORDS_RE = re.compile(r"[省市县区]委|理论学习|中心组|专题|学习|研讨|座谈会?|党课|"
                                r"读书班|交流|发言|材料|上的|在")
# What the writer is asked to write, at the end of a topic: not a meeting.
_WRITING_RE = re.compile(r"(?:发言(?:材料)?|党课|讲稿)$")
# A slogan around the subject (奋力谱写新时代双拥工作新篇章, 开创…新局面): the subject
# is inside it.
_SLOGAN_RE = re.compile(r"^(?:奋力|努力|合力|携手|共同)?(?:谱写|书写|续写|开创|开辟|绘就|奏响|创造)"
                        r"(?:新时代|新征程上?)?(?P<subject>.{2,}?)"
                        r"(?:新篇章|新局面|新境界|新辉煌|新高度|新格局|新画卷|新气象|新篇)$")
_TREND_RE = re.compile(r"^(?:大兴|弘扬|树立|形成|刹住|狠刹)(?P<subject>.{2,10}?)之风$")
# A guiding principle a title leads with before its subject (统筹发展和安全 牢牢守住粮食
# 安全底线; 坚持以人民为中心，扎实推进共同富裕): every field's speech invokes it, so it
# is no subject; read as one, a seminar on 粮食安全 was drafted from debt, gas mains and
# fraud (judge 136).
_PRINCIPLE_RE = re.compile(
    r"(?:坚持|坚持和加强|加强|统筹|践行|贯彻|贯彻落实|完整准确全面贯彻|全面贯彻|牢记|胸怀|锚定|"
    r"树牢|坚定)?"
    r"(?:发展和安全|高质量发展和高水平安全|稳中求进(?:工作总基调)?|以人民为中心(?:的发展思想)?|"
    r"人民至上|系统观念|新发展理念|问题导向|目标导向|底线思维|守正创新|先立后破|"
    r"党的全面领导|“?国之大者”?|(?:总书记)?嘱托|感恩奋进|真抓实干|勇毅前行|担当作为|"
    r"目标任务|奋勇争先|实干争先|以习近平新时代中国特色社会主义思想为指导)")
# …unless what follows is every field's goal (坚持系统观念 推动全市各项工作整体跃升: the
# principle is the subject then).
_ANY_GOAL_RE = re.compile(r"各项工作|各项事业|整体跃升|(?<!产业)(?<!经济)高质量发展$|经济社会发展|"
                          r"现代化建设|新篇章|新局面|新成效|新突破|新跨越|事业发展")
# What a leader's remarks are on (关于建设海洋强国的重要论述 → 海洋强国).
_REMARKS_ON_RE = re.compile(r"关于(?:加快|推进|做好|加强)?(?:建设)?(?P<subject>.{2,20}?)"
                            r"(?:工作)?(?:的重要(?:论述|讲话|指示批示|指示|思想)(?:精神)?|"
                            # (《习近平关于尊重和保障人权论述摘编》: a book of them.)
                            r"的?论述摘编》?)$")
# …and so is a speech given at a meeting on something (习近平总书记在新时代推动中部地区
# 崛起座谈会上的重要讲话精神 is on 推动中部地区崛起; 在中央城市工作会议上的 on 城市工作).
_SPOKEN_AT_RE = re.compile(r"在(?:新时代)?(?:中央|全国)?(?P<subject>.{2,24}?)(?:工作)?"
                           r"(?:座谈会|会议|大会)上的重要讲话(?:精神)?$"
                           # (…新时代推动东北全面振兴座谈会精神, the speech unsaid.)
                           r"|^(?:新时代)?(?P<named>.{2,24}?)(?:工作)?座谈会(?:重要讲话)?精神$")
# A title with its occasion after a dash (…推动高质量发展——深入贯彻中央八项规定精神学习
# 教育专题党课): the occasion is the subtitle, not the theme.
_DASHED_OCCASION_RE = re.compile(r"^(?P<theme>.{4,}?)\s*[—－-]{1,2}\s*(?P<meeting>[^—－-]{2,}?"
                                 r"(?:党课|讲稿|发言(?:材料)?|讲话|会议?|研讨|交流))$")
_WRITING_LABEL_RE = re.compile(r"^(?:[省市县区]委(?:副?书记|常委)?|[省市县区]长|书记)?"
                               r"(?:署名理论文章|署名文章|理论文章|评论员文章|讲话稿|讲稿|"
                               r"发言材料|发言稿|党课讲稿|文章|题目|主题)[：:]\s*")
# …or after it (纪念…诞辰130周年署名文章), or what is said at a meeting after the meeting's
# name (…座谈会总结讲话): what is to be written, not what it is about.
_WRITING_TAIL_RE = re.compile(r"(?<=.{4})(?:[省市县区]委(?:副?书记|常委)?)?"
                              r"(?:署名理论文章|署名文章|理论文章)$"
                              r"|(?<=[会议])(?:总结)?(?:讲话|发言)(?:稿|材料)?$")
_ANNIVERSARY_RE = re.compile(r"^(?:全[省市县区])?(?:纪念|庆祝)(?P<what>.{2,40}?)"
                             r"(?:\d+|[一二三四五六七八九十百]+)周年"
                             r"(?:专题党课|座谈会|大会)?")
_PUT_FIRST_RE = re.compile(r"^把(.{2,20}?)(?:摆在首位|放在首位|摆在突出位置|摆在更加突出的?位置|"
                           r"挺在前面|抓在手上|扛在肩上)$")
# A short name in quotes (“传家宝”, “稳定器”): what a title calls its subject by.
_FIGURE = r"[“\"「『‘][^”\"」』’]{2,8}[”\"」』’]"
_CALLED_RE = re.compile(r"(?:这个|这一)(?:首要任务|根本任务|中心任务|重大任务|根本宗旨|"
                        r"关键|核心|主线|总抓手|牛鼻子)$"
                        # …这个“传家宝”: any name in quotes it is called is a figure.
                        r"|(?:这个|这一|这把|这条|这块|这面|这道)" + _FIGURE + "$"
                        # 批评和自我批评这个有力武器: what it is likened to.
                        r"|(?:这个|这一|这把|这件)(?:有力|重要|强大|锐利|看家|制胜)?"
                        r"(?:武器|法宝|利器|传家宝|看家本领)$")
_BOOK_RE = re.compile(r"《([^《》]{2,30})》")
# A body of rules by its title (《中国共产党党务公开条例（试行）》).
_RULES_TITLE_RE = re.compile(r"《(?:中国共产党|中华人民共和国)?(?P<name>[^《》]{1,30}?"
                             r"(?:条例|规定|准则|规则|办法|法典|(?<![方办])法))"
                             r"(?:[（(](?:试行|修订)[）)])?》")
_RULES_END_RE = re.compile(r"(?:工作)?(?:条例|规定|准则|规则|办法)$")
# 发挥农业保险“稳定器”作用: the role in quotes is a figure for what plays it.
_ROLE_FIGURE_RE = re.compile(r"^(?:充分)?发挥(?P<subject>.{2,}?)" + _FIGURE
                             + r"(?:的)?(?:作用|功能|效应)$")
# An article's title says how it treats its subject (…的实践路径, …的几点思考, 浅谈…).
_GRASP_FRAME_RE = re.compile(r"^(?:深刻|充分|准确|全面|正确|深入)?(?:认识|把握|理解|领会|领悟)"
                             r"(?P<subject>.{2,30}?)的(?:重大|重要|时代|深远|现实|历史|战略|"
                             r"实践|深刻|核心)?(?:意义|价值|内涵|要求|要义|实质|精髓|"
                             r"精神实质|核心要义|丰富内涵)$")
_ESSAY_TAIL_RE = re.compile(r"(?<=.{4})的?(?:实践路径|路径选择|路径探析|实践探索|探索与实践|"
                            r"实践与思考|思考与探索|对策建议|若干思考|几点思考|"
                            r"(?<=的)(?:思考|路径|对策|策略|启示))$")
_BIG_ESSAY_RE = re.compile(r"(?<=.{2})这篇(?:大)?文章$")
# When the work is done, opening a topic (今冬明春, 冬季, 汛期, 岁末年初 …).
# (A holiday only with 期间: 春节返乡人员 are people named by it.)
_SEASON_HEAD_RE = re.compile(r"^(?:(?:今冬明春|今冬|明春|冬春|今年|明年|[春夏秋冬]季|汛期|主汛期|"
                             r"岁末年初|年末岁初)(?:期间)?|(?:元旦春节|春节|国庆|“?两节”?|节假日)期间)")
_ESSAY_HEAD_RE = re.compile(r"^(?:浅谈|试论|略论|浅析|简论|谈谈|也谈)(?=.{4})")
# A title asking how (…如何…, 怎样…): who does it, then the task.
_QUESTION_RE = re.compile(r"^(?P<who>.{0,16}?)(?:如何|怎样|怎么)(?P<task>.{4,})$")
# A theme's part that only names the kind of gathering (研讨; “国家宪法日”专题学习).
_OCCASION_PART_RE = re.compile(r"^(?:“[^”]{2,12}”)?(?:专题)?(?:学习)?(?:研讨|座谈|交流)?"
                               r"(?:会|发言)?$"
                               r"|^“[^”]{2,12}”(?:专题)?(?:学习|研讨|学习研讨)(?:会|发言)?$")
# A day a profession is honoured on (庆祝第8个中国医师节座谈会): the meeting is on that
# profession's field.
_FESTIVAL_RE = re.compile(r"^(?:全[省市县区])?(?:庆祝|纪念)?"
                          r"(?:第[\d一二三四五六七八九十]+个)?"
                          # The day's date in quotes (“5·12”国际护士节, “10·26”环卫工人节).
                          r"(?:“?[\d一二三四五六七八九十]+[·.][\d一二三四五六七八九十]+”?)?"
                          r"(?:中国|全民|全国|国家|世界)?(?:“?(?:五一|五四|三八|八一)”?)?(?:国际)?"
                          r"(?P<name>医师节|教师节|护士节|记者节|人民警察节|农民丰收节|青年节|劳动节|"
                          r"环卫工人节|宪法日|国家安全教育日|禁毒日|助残日|科普日|消防日|"
                          r"防灾减灾日|环境日|老年节|重阳节|妇女节|建军节|烈士纪念日)")
_FESTIVAL_PEOPLE = {"医师节": "医疗卫生工作", "护士节": "护理工作", "教师节": "教育工作",
                    "记者节": "新闻宣传工作", "人民警察节": "公安工作", "农民丰收节": "三农工作",
                    "青年节": "青年工作", "劳动节": "弘扬劳模精神", "环卫工人节": "环卫工作",
                    "宪法日": "宪法学习宣传", "国家安全教育日": "国家安全教育",
                    "禁毒日": "禁毒工作", "助残日": "残疾人工作", "科普日": "科学普及",
                    "消防日": "消防安全", "防灾减灾日": "防灾减灾", "环境日": "生态环境保护",
                    "老年节": "老龄工作", "重阳节": "老龄工作", "妇女节": "妇女工作",
                    "建军节": "双拥工作", "烈士纪念日": "烈士纪念工作"}
_DAYS_GATHERED_RE = re.compile(r"^暨?(?:军地|各界|代表|人士|干部职工|职工|同志|联谊|茶话|表彰|"
                               r"颁奖)+$|(?:军地|各界|代表|人士|干部职工|职工|同志)+$")
_NOTE_RE = re.compile(r"\s*[（(][^（）()]{2,20}[）)]$")
# Who meets, before an unquoted theme (市委理论学习中心组…专题研讨发言).
# (Any unit's: 县林业局党组理论学习中心组.)
_OCCASION_PREFIX_RE = re.compile(r"^(?:[省市县区]委|[\u4e00-\u9fff]{0,10}?(?:党委|党组|党工委))?"
                                 r"(?:常委会|常委班子)?"
                                 r"理论学习中心组(?:集体|专题)?(?:学习)?(?:会议?)?")
# Watchwords listed (学史明理、学史增信、学史崇德、学史力行; 以学铸魂、以学增智…).
_SLOGANS_RE = re.compile(r"^(?:[^、，,\s]{2,6}、){2,}[^、，,\s]{2,6}$")
_PARTY_MEANS_RE = re.compile(r"(?:高质量)?党建|党的建设")
_LED_TO_RE = re.compile(r"(?:高质量发展|现代化|高质量)$")
_EMPOWER_RE = re.compile(r"^以(.{2,16}?)(?:赋能|助推|助力|激活|带动|推动|促进|引领|支撑|提升|"
                         r"提高|破解|拓展|开拓|保障|夯实|筑牢|厚植|护航)"
                         r"(.{2,})$")
# The parts of a two-part (or longer) theme: 优化营商环境，促进民营经济; 安全生产暨城镇
# 燃气安全专项整治.  The first is the topic, the others add subjects it also covers.
_SECOND_PART_RE = re.compile(r"[\s　，,；;：:—]+|及其")
# An area that already reads as a task: no 工作 added (深化开发区管理体制改革's frames read
# 把握…改革的核心要义, not …改革工作的…: judge 171; nor 做好平台经济规范健康发展工作, a blind
# judge of stop 59).
_WORK_ENDS = ("工作", "高质量发展", "健康发展", "改革")
# A facility or channel of a field's work (12345政务服务便民热线, 便民服务中心, 智慧城管平台):
# a thing, so done well as a 工作 (做好12345热线工作, not 做好12345热线), and named by
# itself, not by the field's words before it (see understand).
_FACILITY_END_RE = re.compile(r"(?:热线|平台|服务中心|驿站|食堂|服务大厅)$")
# 精神 ends a named text (全会精神, 中央八项规定精神): it does not make the topic 文化.
GENERIC_TAIL_RE = re.compile(r"(?:高质量发展|(?:规范)?健康发展|工作|建设|服务|管理|体系|能力|"
                              r"精神)$")
# The parts of a topic its material may name alone (防汛抗旱 → 防汛, 抗旱; 党纪学习教育
# → 党纪): words of the topic this rare in speech, but not an ordinal (二十届) or a word
# that names the whole nation's every theme (中华 of 中华民族).
# Figures of speech said of every subject (耕地保护红线, 生态安全屏障, 安全生产底线): not
# what a topic is about, and no section type of their own (纪律's 红线 is 纪律红线).
FIGURES = ("红线", "底线", "防线", "屏障", "生命线", "高地", "新篇章", "新高地")
_PART_IDF = 5.5
_SHORT_IDF = 4.0  # 作风 (4.4) names a subject; 组织 (2.8) names everything
_PART_STOP_RE = re.compile(r"^[一二三四五六七八九十百届次]+$"
                           r"|^(?:中华|民族|全会精神|学习贯彻|主义|思想|社会|精神|更新|改造|提升"
                           # Who a subject is for, not what (青年群体就业: the 就业 of a 群体).
                           r"|群体|人员|人群|对象|市民|居民|群众"
                           # What is done to a subject, not the subject (审计整改, 文明城市创建).
                           r"|整改|创建|整治|提升"
                           # How two subjects meet (制造业和服务业深度融合), not a subject.
                           r"|(?:深度)?融合(?:发展)?"
                           # …or two parties work together (府院联动, 村企联建, 警民共建):
                           # 部门联动 in a 信用 passage is no word of 府院联动.
                           r"|联动|协同|协作|联建|共建|共治|对接|衔接|联防联控"
                           # How any subject is to go (房地产市场平稳健康发展, 残疾人事业发展).
                           r"|(?:平稳|规范|持续)?健康(?:发展)?|平稳健康|事业发展|高质量"
                           # A quality any subject is praised for (优良 of 优良家风 drew
                           # 优良传统 passages: judge 173).
                           r"|优良|优秀|高尚|崇高"
                           # What any subject is called or asked of (首要任务, 摆在首位,
                           # 抓落实, 负责人), and an occasion's words (庆祝, 国际).
                           r"|首要任务|摆在首位|抓落实|负责人|庆祝|国际|这个|这一|专题|研讨"
                           # (年度 of 年度专题民主生活会 is when: judge 179.)
                           r"|年度"
                           # A figure every subject is drawn with (耕地保护红线, 安全底线).
                           r"|" + "|".join(FIGURES) + ")$")
# What a subject's name may end with that every subject of its kind shares: 粮食安全,
# 食品安全 and 国家安全 are 安全; 养老服务体系建设 is 养老 once 服务, 体系 and 建设 are
# peeled off.  Material that names the rest alone (粮食, 县域经济, 文旅) is on the topic
# when the rest still names something (not 国家 of 国家安全).
_SUBJECT_TAIL_RE = re.compile(r"(?:高质量发展|(?:平稳|规范)?健康发展|事业发展|事业|"
                              r"(?:深度)?融合发展|工作|建设|服务|管理|体系|能力|精神|"
                              r"安全|保护|治理|风险|(?:深度)?融合|发展|整改|创建|强国|强省|强市|"
                              + "|".join(FIGURES) + ")$")
# Fields whose name ends in what is otherwise how a thing is worked on (保障, 保险): the
# word is the field's, not the work's.  医疗保障 is not 医疗 looked after: cut to 医疗,
# the head took in 医疗卫生's passages (judge 191 read one on 基层医疗卫生强基工程 in a
# 医疗保障 speech).
_NAMED_WITH_TAIL = ("医疗保障", "社会保障", "最低生活保障", "住房保障", "医疗保险", "养老保险",
                    "失业保险", "工伤保险", "生育保险")


def _piece_of_named(word: str, subject: str) -> bool:
    """Whether ``word`` is a piece of a field's name in ``subject`` ending in its tail
    (医疗 of 医疗保障): alone it names another field (医疗卫生)."""
    return any(word in name and word != name and name in subject for name in _NAMED_WITH_TAIL)


# Short names writers use for a subject as often as its full name.
_SHORT_NAMES = {"统一战线": "统战", "科学技术普及": "科普", "科学普及": "科普", "党的建设": "党建",
                "纪检监察": "纪检",
                "人民代表大会": "人大", "政治协商": "政协",
                "社会主义核心价值观": "核心价值观", "新时代文明实践": "文明实践",
                "巩固拓展脱贫攻坚成果": "防止返贫", "生态环境保护": "生态环保",
                "铸牢中华民族共同体意识": "民族团结", "优化营商环境": "营商环境",
                "文化旅游": "文旅", "文化和旅游": "文旅", "医疗保障": "医保",
                "非物质文化遗产": "非遗", "国有企业": "国企", "非公有制": "非公",
                "最低生活保障": "低保", "反恐怖": "反恐", "新的社会阶层": "新阶层",
                "高价彩礼": "高额彩礼", "天价彩礼": "高额彩礼",
                "经济技术开发区": "经开区", "高新技术产业开发区": "高新区", "医疗保险": "医保",
                "社会工作站": "社工站", "社会工作者": "社工",
                # (Typed in figures or in words: 15分钟便民生活圈 is 一刻钟便民生活圈.)
                "15分钟": "一刻钟", "十五分钟": "一刻钟"}
# The subject a topic names by those it concerns, as the bank's passages name it: a
# meeting of 民营企业家 is on 民营经济, one of 党外代表人士 is 统战 work, 城市工作 is
# 城市治理 and 城市更新, 中华民族共同体意识 is forged by 民族团结 and 民族工作.
_KIN_NAMES = {"民营企业家": ("民营经济", "民营企业"), "党外代表人士": ("统一战线", "统战"),
              "党外人士": ("统一战线", "统战"), "城市工作": ("城市治理", "城市更新", "城市管理"),
              "新就业群体": ("新就业形态",), "纪检监察干部": ("纪检监察",),
              "中华民族共同体意识": ("民族团结", "民族工作"),
              "老干部": ("离退休干部", "老干部工作"),
              "劳动模范": ("劳模", "劳模精神", "工匠精神"),
              # Short names a meeting is called by, and the names speeches use.
              "反诈": ("电信网络诈骗",), "扫黑": ("扫黑除恶",), "人防": ("人民防空",),
              "医改": ("医药卫生体制改革",), "河长制": ("河湖长制",),
              "森林防火": ("森林防灭火",), "社科": ("哲学社会科学",),
              "非洲猪瘟": ("动物疫病",), "网格化管理": ("网格化服务管理",),
              "食品安全": ("食品药品安全",),
              # (An article on 节水型社会建设 had found none of the bank's passages on
              # 节约用水 and stood as a skeleton: a blind judge of stop 63.)
              "节水": ("节约用水",),
              # A 铁军 is the team forged (锻造新时代政法铁军: a blind judge of stop 61 read
              # three passages on 锻造 anything else in its 党课).
              "政法铁军": ("政法队伍",), "纪检监察铁军": ("纪检监察干部队伍", "纪检监察"),
              "校园食品安全": ("学校食堂", "校园餐"), "学校食品安全": ("学校食堂", "校园餐"),
              "护路": ("铁路沿线安全", "护路联防"),
              "防止返贫": ("规模性返贫",), "非公经济": ("非公有制经济",),
              "农机化": ("农业机械化",), "危化品": ("危险化学品",),
              "水资源节约": ("节约用水", "节水型社会"),
              "寄递渠道": ("寄递物流",), "公文写作": ("公文处理", "公文")}
_WITHIN_WORK_RE = re.compile(r"^在(?P<work>[^，。、；]{4,14}?)中(?P<done>[^，。；]{2,})$")
# Fields of work whose name is no field without 工作: 社会工作 is a 社会工作部's (两新
# 党建, 志愿服务, 基层治理), not 社会 at large, which drew 社会治安 and 扫黑除恶 into a
# 全区社会工作会议 (judge 174: 10 foreign passages).
_NAMED_WORKS = frozenset({"社会"})
# People whose meeting is on a field of work named otherwise (see topic_forms).
_WORK_OF_PEOPLE = {"民营企业家": "民营经济", "企业家": "民营经济", "劳动模范": "劳模",
                   # (做好纳税人 had headed a 纳税人代表座谈会's remarks: judge 87.)
                   "纳税人": "纳税服务", "纳税人代表": "纳税服务", "缴费人": "缴费服务"}
# Heads many subjects' names end with (公共卫生 and 爱国卫生, 反腐败斗争 and 斗争精神,
# 低空经济 and 经济工作): inside a longer name they are that name's, not a subject of
# their own (the assembler does not lend them to the topic either).
SHARED_HEADS = frozenset({"卫生", "斗争", "经济", "运动", "工程", "行动", "精神",
                          # (证明事项, 许可事项, 信访事项: 事项 had drawn a 信访 passage
                          # into a speech on 证明事项告知承诺制, judge 105.)
                          "事项",
                          # (Every region's: 淮河生态经济带 is not 长江经济带.)
                          "经济带", "经济圈", "都市圈", "城市群", "示范区"})
_HELD_TO_RE = re.compile(r"^(.{3,12}?)的(?:发展思想|重要思想|思想|理念|原则|价值取向)$")
_REST_IDF = 3.5
# What is left of 基层治理 or 城市管理 once peeled is where the work is done, not what.
# Those a work is done among, named before it (党员干部酒驾醉驾专项整治): not what it is.
_AMONG = "党员干部|党员领导干部|领导干部|党政机关"
_AMONG_RE = re.compile(f"^(?:{_AMONG})(?=.{{2}})")
# Settings with work of their own that narrow a field's subject named after them (校园
# 食品安全 is the school canteen's, not 食品药品安全's; 景区安全管理 is not 安全管理's).
_SETTING_RE = re.compile("^(?:校园|学校|中小学|中小学校|幼儿园|校外|医院|医疗机构|养老机构|"
                         "旅游景区|景区)(?=.{4})")
# …when what it narrows is a field every setting has (safety, supervision), not the
# setting's own work (课后服务 of 中小学课后服务 is only the school's).
_CROSS_CUTTING_RE = re.compile("(?:安全|安全管理|安全生产|监管|监督管理)(?:工作)?$")
_SETTING_ALIASES = {"校园": "学校", "学校": "校园", "中小学": "中小学校", "中小学校": "中小学",
                    "景区": "旅游景区", "旅游景区": "景区"}
_PLACE_HEAD_RE = re.compile(f"^(?:城市|城乡|农村|乡村|基层|社区|县域|市域|全社会|{_AMONG})")
_PLACE_WORD_RE = re.compile(f"^(?:基层|城市|城乡|农村|社会|国家|地方|区域|社区|机关|县域|市域|"
                            f"{_AMONG})$")
# Fewer phrases than this name a topic's own words: it is drafted from its domain's
# commoner cue words in it too, those at least this rare (文化 2.7; not 发展 or 工作).
_FEW_NAMING = 20
_QUOTED_RE = re.compile(r"[“\"「『‘']([^”\"」』’']{2,12})[”\"」』’']")
NO_QUOTES = str.maketrans("", "", "“”\"「」『』‘’'")
# How work is done, not what it is (法治化 of 信访工作法治化; not 文化 of 廉洁文化).
_MANNER_RE = re.compile(r"(?:法治|规范|现代|标准|信息|数字|一体|常态|制度|精细|专业|市场|法制|"
                        r"系统|科学|智能|网格|便利|国际|长效|项目|清单)化$")
_WIDER_WORDS = 2  # field words a thin topic with no broader word in its name is widened by
# The share of a field's phrases a word must name to stand for the field (生态: 29% of
# 生态环境's phrases).
_FIELD_WIDE = 0.25
_BROAD_IDF = 2.5  # 粮食 (3.7) names a subject; 国家 (1.5), 教育 (2.6) name every theme
_SHARE_KEPT = 0.34  # a second domain counts when it has at least this share of the cues
MAX_TERMS = 12
# A related term must say something of a subject: 讲政治, 深刻认识 (speech IDF about 4)
# come up beside every topic.
_MIN_TERM_IDF = 5.0
# A related term must be used beside the topic at least this share of the times the
# bank uses it (托育 beside 养老 only in passages on 一老一小: not 养老's term).
_TERM_LIFT = 0.5
# Strings the mined dictionary keeps that are a clause's pieces, not a name of anything:
# the time and the people of a speech (今天召开全市, 我们), what is to be done (进一步做好,
# 推动文旅, 加强党的建设), a phrase cut at 的 (治理的基), a saying (谁就能, 事关人民群众).
# As related terms they had drawn every speech's opening onto 防汛抗旱.
_CLAUSE_PIECE_RE = re.compile(r"^(?:进一步|今天|今年|当前|目前|我们|大家)|的|谁|事关|召开")
SUBJECT_IDF = 5.0  # a cue word this rare names a subject (安全生产 5.1, 消防 7.0)
# In the first sentence of a passage, its point, a commoner cue names its subject too:
# 消费能力取决于收入水平 is about 消费 (3.8), 住房保障要避免… about 住房 (4.4).  Below
# this, cues such as 改革开放 (3.1), 党中央 (3.2) and 亿元 (3.4) are said of everything.
OPENING_SUBJECT_IDF = 3.5
# Measured on the bundled bank: 优化营商环境 0.25, 乡村振兴 0.24, 安全生产 0.22, 生态环境保护
# 0.21, 意识形态工作 0.19 are their fields; 就业 0.16, 粮食安全 0.13, 科技创新 0.13, 防汛 0.12,
# 作风建设 0.08, 养老 0.07 are not.
_FIELD_SHARE = 0.18
# Section types that name a subject of party work (not a job every speech has, such as
# 重要意义 or 保障机制): a topic may be one of them.
SUBJECT_SECTIONS = ("grassroots", "cadre_team", "talent", "work_style", "discipline",
                    "theory_study")


@dataclass
class Topic:
    text: str
    subject: str  # the topic as a noun phrase: 加强作风建设 → 作风建设
    shape: str  # "area", "noun" or "verb"
    task: str  # the topic as 做好…'s object: 安全生产工作, 作风建设, 优化营商环境工作
    domains: list[tuple[str, float]] = field(default_factory=list)  # ranked, with shares
    terms: list[str] = field(default_factory=list)  # related terms, best first
    words: list[str] = field(default_factory=list)  # the topic's own salient words
    # The share of its first domain's phrases that name the topic (its words or related
    # terms): high when the topic is the whole field (安全生产 of 安全生产与应急), low when
    # it is one subject in it (养老 of 民生, 防汛 of 安全生产与应急).
    field_share: float = 0.0
    # Section types that are the topic's subject themselves (基层党组织建设 → grassroots):
    # their material is on the topic even where it does not name it.
    sections: list[str] = field(default_factory=list)
    # Words the topic was widened by because the bank barely names its own (文化 of
    # 文化传承发展): they find material, but a passage is not about the topic for them.
    widened: list[str] = field(default_factory=list)
    # Whether those words are the parts a topic joins (文化 and 科技 of 文化和科技融合):
    # a passage on one of them alone is another subject's (茶旅, 海外引才), so it takes
    # all of them.
    widened_jointly: bool = False

    # Words of the topic's further parts (民营经济 of 优化营商环境，促进民营经济) or of how
    # the work is done (法治 of 信访工作法治化): a passage may speak of them, but one
    # that names another subject beside them is that subject's (森林防灭火 … 生态安全).
    secondary: list[str] = field(default_factory=list)
    # Whether the topic is one of its field's names (安全生产, 营商环境: domains.toml).
    names_field: bool = False
    # Whether the bank has few passages naming the topic's own words (fewer than 20).
    thin: bool = False

    @property
    def primary_words(self) -> list[str]:
        """The topic's own words less its secondary ones (all of them when nothing is
        left)."""
        return [w for w in self.own_words if w not in self.secondary] or self.own_words

    @property
    def own_words(self) -> list[str]:
        """The words that make a passage about the topic: not those it was widened by."""
        return [w for w in self.words if w not in self.widened]

    @property
    def honoured(self) -> list[str]:
        """The people the topic honours as comrades (张富清 of 学习张富清同志先进事迹)."""
        return comrades_named(self.subject)

    @property
    def heads(self) -> list[str]:
        """The words naming what the topic is about at its end, in each part it joins:
        征缴 of 城乡居民医保集中征缴, 社会化服务 of 农业社会化服务, 作风 of 作风建设,
        安全生产 and 消防 of 安全生产和消防; and the topic's words holding them.  The words
        before only narrow it (医保 is 医保基金监管's and 医保支付's too).  None when
        no head is a word the speech table knows."""
        from drafter.text.terms import speech_idf

        words = self.primary_words
        if self.honoured:
            # (The person honoured: 廖俊波's passages are not 张富清's.)
            return [w for w in words if any(name in w for name in self.honoured)]
        heads: list[str] = []
        for part in _JOINED_PARTS_RE.split(self.subject):
            core = GENERIC_TAIL_RE.sub("", part) or part
            if not core.endswith(_NAMED_WITH_TAIL):
                core = _HOW_TAIL_RE.sub("", core) or core
            # The word ending where the name does, past any generic tail (作风, not
            # 作风建设), one the speech table knows (征缴, not 居民医保集中征缴), the
            # longest of those.
            placed = [(at + len(w) == len(core), w in speech_idf() or w in _NAMED_WITH_TAIL,
                       len(w), w)
                      for w in words if (at := part.find(w)) >= 0]
            if placed and (best := max(placed))[0] and best[1]:
                # (A name the table does not know, 不动产登记历史遗留问题化解, is no
                # head: what it holds is not told apart; nor a word the name goes on
                # past, 便民 of 政务服务便民热线.)
                heads += [w for w in words if best[-1] in w and w not in heads]
            elif placed and best[0] and (tail := _known_tail(best[-1], words)):
                # A name the table does not know that is another word of the topic and a
                # word it knows (农民工工资, 残疾人就业): that word is the head, the other
                # only narrows it.  With no head, every 农民工 passage (市民化, 随迁子女)
                # had been on 根治拖欠农民工工资 (judge 216).
                heads += [w for w in (*words, tail) if tail in w and w not in heads]
        # A head's short name is the head too (医保 of 医疗保障).
        return heads + [w for w in words if w not in heads and any(
            _SHORT_NAMES.get(head) == w for head in heads)]

    @property
    def is_field(self) -> bool:
        """Whether the topic is its field as a whole, so that material of the field is
        material on the topic even where it does not name it.  A topic that is a section
        type of party work (作风建设, 基层党组织建设) is one subject of 党的建设, never the
        whole of it."""
        return (self.names_field or self.field_share >= _FIELD_SHARE) and not self.sections

    @property
    def placed(self) -> bool:
        return any(key != GENERAL_DOMAIN for key, _ in self.domains)

    @property
    def domain_keys(self) -> list[str]:
        return [key for key, _ in self.domains if key != GENERAL_DOMAIN]

    def fits(self, domains: tuple[str, ...] | list[str]) -> bool:
        """Whether material filed under ``domains`` (ranked) may go into this draft:
        its subject is the topic's, or it is topic-neutral."""
        if not domains:
            return True
        first = domains[0]
        return first == GENERAL_DOMAIN or first in self.domain_keys

    def on_subject(self, domains: tuple[str, ...] | list[str]) -> bool:
        """Whether material is about the topic's own subject (not merely neutral)."""
        return bool(domains) and domains[0] in self.domain_keys

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "subject": self.subject, "shape": self.shape,
                "task": self.task,
                "placed": self.placed,
                "domains": [[k, round(v, 3)] for k, v in self.domains],
                "terms": self.terms, "words": self.words,
                "field_share": round(self.field_share, 3), "sections": self.sections,
                "widened": self.widened, "widened_jointly": self.widened_jointly}


@dataclass(frozen=True)
class Assignment:
    """A topic as the writer typed it, read into what each use needs."""

    text: str
    meeting: str  # the meeting or occasion it names ('' when none): 全市安全生产工作会议
    parts: tuple[str, ...]  # the theme's parts, first the topic itself
    theme: str = ""  # the topic as a title would give it: the text less its occasion
    # Subjects joined to the topic by 暨 (安全生产暨防汛救灾): its equals, not its parts.
    joint: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A part that only says what kind of gathering it is (研讨 of …专题学习研讨：坚持
        # 稳中求进…; “国家宪法日”专题学习 before 弘扬宪法精神) is the occasion's, not a
        # subject: the parts after it are the theme.
        kept = tuple(p for p in self.parts if not _OCCASION_PART_RE.match(p))
        if kept and kept != self.parts:
            object.__setattr__(self, "parts", kept)  # (frozen: set once, here)

    @property
    def core(self) -> str:
        """The topic without what the frames add themselves: the jurisdiction before it
        (全县), the meeting after it (座谈会, 工作会议, 工作总结), the modifiers before
        its last 的 (…、医养康养相结合的养老服务体系)."""
        first = _bare(self.parts[0] if self.parts else self.text)
        head = _MODIFIED_RE.match(first)
        return head.group("head") if head else first

    @property
    def also(self) -> tuple[str, ...]:
        """The theme's further parts (促进民营经济 of 优化营商环境，促进民营经济; 居家社区
        机构相协调 of …相结合的养老服务体系)."""
        first = _bare(self.parts[0] if self.parts else self.text)
        head = _MODIFIED_RE.match(first)
        modifiers = tuple(p for p in re.split("[、的]", head.group("modifiers"))
                          if len(p) >= 2) if head else ()
        return modifiers + tuple(_bare(part) for part in self.parts[1:]
                                 if not _PURPOSE_RE.match(part))


# …的养老服务体系: what the topic is comes after its last 的, when that names a field
# of work (not 关于…的重要论述).
_MODIFIED_RE = re.compile("^(?P<modifiers>.{2,}的)(?P<head>[^的]{2,}?"
                          + _AREA_END_RE.pattern.removeprefix("(").rsplit(")", 1)[0]
                          .join(("(?:", ")")) + "|[^的]{2,}(?:体系|机制|格局|制度))$")


# The body that meets is not the subject: 住房公积金管理委员会2025年全体会议 is on
# 住房公积金, 河长制工作领导小组会议 on 河长制, 县委全面深化改革委员会第五次会议 on
# 全面深化改革 (the committee's level is the jurisdiction's).
_SESSION_TAIL_RE = re.compile("(?:" + _YEAR + "度?)?"
                              r"(?:第[一二三四五六七八九十\d]+次)?(?:全体(?:成员)?|扩大)?"
                              r"(?:[（(]扩大[）)])?$")
# A government's plenary (县政府第一次全体（扩大）会议) is on the government's whole work.
_GOVERNMENT_HEAD_RE = re.compile(r"^[省市县区]?(?:人民)?政府")
# A period's review (上半年工作总结暨下半年重点工作推进会) is on all the work there is.
_PERIOD_RE = re.compile("^(?:" + _YEAR + r")?(?:上半年|下半年|全年|年度|"
                        r"[一二三四]季度|前三季度|一季度)(?:工作)?(?:总结|推进|部署)?"
                        r"(?:暨.*)?$")
_BODY_TAIL_RE = re.compile(r"(?<=.{2})(?:工作)?(?:领导小组|委员会|指挥部|联席会议)"
                           r"(?:成员单位)?$")
# (党委系统 and 政府系统 are the offices that meet: 党委系统值班 is 值班.)
_BODY_HEAD_RE = re.compile(r"^(?:(?:[省市县区]委|[省市县区]政府|党委|党组)(?:系统)?|政府系统)"
                           r"(?=.{2})")
# Bodies better known by their short names, and what they are on.
_BODY_SUBJECTS = {"安委会": "安全生产", "安委": "安全生产", "减灾委": "防灾减灾",
                  "食安委": "食品安全", "深改委": "全面深化改革", "网信委": "网络安全和信息化",
                  "编委": "机构编制", "禁毒委": "禁毒", "关工委": "关心下一代",
                  "老龄委": "老龄工作", "妇儿工委": "妇女儿童", "国动委": "国防动员",
                  "消安委": "消防安全", "防指": "防汛抗旱"}
# Those gathered are not the subject either: 新闻工作者座谈会 is on 新闻工作, a meeting
# of 社会组织和行业协会商会负责人 or of the 教育系统 on their field, 优秀…表彰大会 on
# those honoured.
_PEOPLE_TAIL_RE = re.compile(r"(?<=.{2})(?:系统)?(?:主要)?(?:负责人|负责同志)?$")
# …and those who do a work, its work (新闻工作者, 组织部长会议: 组织工作).
_WORKERS_RE = re.compile(r"(?<=.{2})(?:委员会)?(?:工作者|部长|局长|主任)$"
                         # (and the heroes of a work: 见义勇为英雄模范 meet on 见义勇为工作)
                         r"|(?<=.{2})(?:英雄模范|英模)$")
# (Not where the two make a name of a field: 先进制造业, 模范机关创建, 优秀传统文化.)
_HONOURED_RE = re.compile(r"^(?:优秀|先进|模范)(?!制造|机关|传统|文化)(?=.{3})|(?<=.{2})表彰$")


def _known_tail(name: str, words: list[str]) -> str:
    """The word the speech table knows that ``name`` ends with after another of the
    topic's ``words`` naming people (工资 of 农民工工资, 就业 of 残疾人就业): what of
    theirs the topic is about, their other matters another subject's.  Not a word of
    people itself (儿童 of 妇女儿童 joins two), nor their body of people (队伍), nor a
    common word (保护 of 留守儿童关爱保护: any passage on 生态保护 says it), nor what is
    done to them (关爱); '' if none.  (Past people it is not told apart: 要素 of 数据要素,
    振兴 of 种业振兴 and 安全生产 of 渔业安全生产 each head another subject.)"""
    from drafter.text.terms import speech_idf

    for word in words:
        tail = name[len(word):]
        if (word != name and name.startswith(word) and len(tail) >= 2
                and _PEOPLE_RE.search(word) and not _PEOPLE_RE.search(tail)
                and speech_idf().get(tail, 0.0) >= OPENING_SUBJECT_IDF
                and not _DOING_TAIL_RE.fullmatch(tail)):
            return tail
    return ""


# A word naming people by its end (农民工, 残疾人, 高校毕业生, 妇女, 儿童, 社区工作者),
# or their body (队伍, 群体).
_PEOPLE_RE = re.compile(r"(?:人|工|者|员|生|民|童|女|青年|少年|干部|群众|家庭|队伍|群体)$")


@lru_cache(maxsize=65536)  # every written-for subject, asked of by every draft
def _bare(part: str) -> str:
    # The year and the jurisdiction in either order (2025年全市…, 全市2025年…).
    bare = JURISDICTION_HEAD_RE.sub("", _YEAR_RE.sub("", JURISDICTION_HEAD_RE.sub("", part)))
    bare = _MEETING_TAIL_RE.sub("", bare)
    bare = _without_season(bare)  # (全市今冬明春供暖保障工作会议)
    if bare != part:
        # What met, and who: only of a meeting's name (安全生产委员会 typed alone is
        # the body itself).
        body = _SESSION_TAIL_RE.sub("", _BODY_HEAD_RE.sub("", bare))
        if not body and _GOVERNMENT_HEAD_RE.match(bare):
            body = "政府工作"
        body = _BODY_SUBJECTS.get(re.sub("^[省市县区]", "", body), body)
        body = _BODY_TAIL_RE.sub("", body)
        body = _WORKERS_RE.sub("工作", _HONOURED_RE.sub("", body))
        gathered = _PEOPLE_TAIL_RE.sub("", body)
        if gathered != body and not _AREA_END_RE.search(gathered):
            gathered += "工作"  # 社会组织和行业协会商会负责人 meet on their field's work
        body = gathered
        if len(body) >= 2:
            bare = body
    if _PERIOD_RE.match(bare):
        bare = "经济社会发展"
    return bare if len(bare) >= 2 else part


_STRAIGHT_QUOTES_RE = re.compile(r'"([^"]{1,40})"')


@lru_cache(maxsize=256)
def read_assignment(text: str) -> Assignment:
    """The meeting and the theme of a topic however typed: a bare subject (安全生产), a
    meeting's name (全县安全生产工作推进会), a whole title (在全市安全生产暨城镇燃气安全
    专项整治工作会议上的讲话：压紧压实安全责任), an occasion and its theme (县委理论学习
    中心组专题研讨：因地制宜发展新质生产力), or a two-part theme (优化营商环境，促进民营经济)."""
    # Straight quotes typed in Chinese text are curly ones (传承弘扬"两弹一星"精神).
    typed = _STRAIGHT_QUOTES_RE.sub(r"“\1”", text.strip())
    # A note in brackets at the end says who or what it is for (（市委书记署名文章）):
    # not the theme.
    text = _NOTE_RE.sub("", typed) or typed
    # …or a label before it says what is to be written (署名文章：…).
    text = _WRITING_LABEL_RE.sub("", text) or text
    text = _WRITING_TAIL_RE.sub("", text) or text
    # 学习贯彻《中国共产党党务公开条例（试行）》 is on 党务公开条例: the party's or the
    # state's name and the trial mark say nothing of the subject.
    text = _RULES_TITLE_RE.sub(r"\g<name>", text)
    text = spaced_tasks(text)
    # What a meeting commemorates is the occasion, not the subject (纪念五四运动106周年
    # 青年干部座谈会; 纪念…胜利80周年专题党课：弘扬伟大抗战精神, whose 暨 joins no
    # subjects).
    if (festival := _FESTIVAL_RE.match(text)) and festival.group("name") in _FESTIVAL_PEOPLE:
        # 庆祝第8个中国医师节座谈会 is on those the day honours and their field.
        rest = text[festival.end():]
        # Those it gathers, when named (劳动模范座谈会), else the day's own field; not
        # those any day gathers, nor the day's own people (军地 of 八一建军节军地座谈会,
        # 青年代表 of 五四青年节青年代表座谈会 meet on the day's field).
        named = _MEETING_TAIL_RE.sub("", rest)
        who = _DAYS_GATHERED_RE.sub("", named)
        day = festival.group("name")
        if len(named) >= 2 and named != rest and len(who) >= 2 and who not in day:
            inner = read_assignment(rest)
        else:
            meeting = rest[len(named):] if named != rest else rest
            inner = read_assignment(_FESTIVAL_PEOPLE[day] + meeting)
        return Assignment(typed, text, inner.parts, inner.theme, inner.joint)
    if ((anniversary := _ANNIVERSARY_RE.match(text)) and len(text) - anniversary.end() < 2
            and (_MEETING_TAIL_RE.sub("", anniversary.group()) != anniversary.group()
                 or anniversary.group().endswith("周年"))):
        # A gathering that only commemorates (纪念知识青年上山下乡55周年座谈会) is on what
        # it commemorates: 知识青年上山下乡, not 纪念 (烈士纪念 is another subject); so is
        # a commemoration typed bare (纪念毛泽东同志诞辰132周年, whose 党课 had drawn
        # nothing from the bank: judge 178).
        what = anniversary.group("what")
        if born := _BIRTH_RE.fullmatch(what):
            # A birthday is kept by learning from the person (学习弘扬邓小平同志崇高风范),
            # not as a work (推动邓小平同志诞辰再上新台阶).
            what = f"学习弘扬{born.group('person')}同志崇高风范"
        elif _FOUNDING_RE.fullmatch(what):
            what = "弘扬爱国主义精神"  # 庆祝中华人民共和国成立76周年座谈会
        inner = read_assignment(what)
        return Assignment(typed, text, inner.parts, inner.theme, inner.joint)
    if anniversary and len(text) - anniversary.end() >= 2:
        inner = read_assignment(text[anniversary.end():].lstrip("：: "))
        # The meeting keeps its whole name (在纪念五四运动106周年青年干部座谈会上的讲话).
        return Assignment(typed, anniversary.group() + inner.meeting, inner.parts,
                          inner.theme, inner.joint)
    meeting, theme = "", text
    dashed = _DASHED_OCCASION_RE.match(text)
    if dashed:
        titled = dashed.group("theme").strip()
        parts = _theme_parts(titled)
        return Assignment(typed, dashed.group("meeting"), parts, titled)
    quoted = _THEME_QUOTED_RE.search(text)
    rest = text[:quoted.start()] + text[quoted.end():] if quoted else ""
    if quoted and _OCCASION_WORDS_RE.search(rest) and len(_OCCASION_WORDS_RE.sub("", rest)) <= 2:
        # 市委理论学习中心组“因地制宜发展新质生产力”专题学习研讨发言: the occasion
        # quotes its theme, and says nothing else.
        titled = _SPEECH_TITLE_RE.match(rest)
        meeting = titled.group("meeting") if titled else _WRITING_RE.sub("", rest)
        theme = quoted.group(1)
        return Assignment(typed, meeting, _theme_parts(theme), theme)
    m = _SPEECH_TITLE_RE.match(text) or _OCCASION_RE.match(text)
    prefix = None if m else _OCCASION_PREFIX_RE.match(text)
    if prefix and len(inner := _MEETING_TAIL_RE.sub("", text[prefix.end():]).lstrip("：:，, ")
                      ) >= 2:
        # 市委理论学习中心组党纪学习教育专题研讨发言: the occasion around an unquoted theme.
        occasion = _WRITING_RE.sub("", text.replace(inner, "", 1)).rstrip("：:，, ")
        return Assignment(typed, occasion, _theme_parts(inner), inner)
    if m:
        named_as = m.group("meeting")
        # (What is to be written is not the meeting: 在…专题研讨上的发言, not …研讨发言上的.)
        meeting = _WRITING_RE.sub("", named_as) or named_as
        # The meeting's name says what it is about when a bare theme follows (…工作会议上
        # 的讲话：压紧压实安全责任; 统一战线工作专题党课：凝心聚力…); a theme of its own
        # leads (…研讨：发展新质生产力).
        named = _MEETING_TAIL_RE.sub("", JURISDICTION_HEAD_RE.sub("", named_as))
        rest = m.group("theme") or ""
        subject = _MEETING_TAIL_RE.sub("", _OCCASION_PREFIX_RE.sub("", named_as))
        if "工作" in named_as[len(named):] or "暨" in named_as:
            theme = f"{named_as}，{rest}" if rest else named_as
        elif _SLOGANS_RE.match(rest) and 2 <= len(subject) < len(named_as):
            # …党史学习教育专题研讨：学史明理、学史增信、学史崇德、学史力行: a list of
            # watchwords is what the meeting's subject asks, not a subject of its own.
            theme = f"{subject}，{rest}"
        else:
            theme = rest or meeting
    elif (text.endswith("会") or _MEETING_TAIL_RE.search(text)) and not _WRITING_RE.search(text):
        meeting = text
    # 安全生产暨防汛救灾工作会议: 暨 joins two subjects of one meeting, each as much the
    # topic as the other; the first is the one the frames name.
    chunks = theme.split("暨")
    joint = tuple(_bare(piece[0]) for chunk in chunks[1:]
                  if (piece := [p for p in _SECOND_PART_RE.split(chunk) if len(p) >= 2]))
    parts = tuple(part for chunk in chunks for part in _SECOND_PART_RE.split(chunk)
                  if len(part) >= 2)
    titled = (m.group("theme") or _bare(meeting)) if m else _bare(text)
    return Assignment(typed, meeting, _unwrapped(parts) or (theme,), titled, joint)


# A second task joined to the first without a mark, opening on a verb of its own (做好 of
# 践行党的群众路线做好新时代群众工作): read as if a space stood before it.  The first
# part had swallowed the second, and every frame had said 做好群众路线做好新时代群众工作
# (judge 184).
# (And the verbs of holding to a spirit or a legacy, 牢记“两个务必” and 赓续红色血脉:
# run into a first task they had made its subject 西柏坡精神牢记两个务必, judges 205, 206.
# Not 传承, which ends a work as often: 推动文化传承发展.)
_JOINED_TASK_VERB_RE = re.compile(r"做好|推进|推动|加强|促进|助力|开创|谱写|筑牢|守牢|提升|"
                                  r"深化|打造|奋力|牢记|赓续|弘扬|践行|守护|激发|凝聚")
# …or on 建设 of a place or a goal built (深入推进全民阅读建设书香城市: judge 184 read
# 全民阅读建设书香城市 in every frame), not the 建设 that ends a work (基础设施建设).
_BUILT_TASK_RE = re.compile(r"建设[^的]{1,8}(?:城市|乡村|家园|中国|强市|强县|强省|强区|政府|社会|"
                            r"名城|高地|示范区|先行区)$")
_ADVERB_END_RE = re.compile(ADVERB.removesuffix("?") + "$")
_TASK_CHARS = 4  # each task of a joined theme is this long at least
_STUDIED_END_RE = re.compile(r"(?:精神|讲话|指示|批示|论述|决定|部署|要求)$")


def work_within(topic: str) -> str | None:
    """The work a task is done within (办好民生实事 of 在办好民生实事中践行以人民为中心的
    发展思想), None when the topic is no such task."""
    within = _WITHIN_WORK_RE.match(read_assignment(topic).core)
    return within.group("work") if within else None


def spaced_tasks(text: str) -> str:
    """``text`` with a space before each second task a part that opens on a verb runs
    into (see _JOINED_TASK_VERB_RE), as a writer would have typed a two-part title: not
    after 和/与/并 (坚持和加强…) nor inside the first task's adverb (推进全面深化改革)."""
    return "".join(
        " ".join(_split_tasks(piece)) if i % 2 == 0 else piece
        for i, piece in enumerate(re.split(f"({_SECOND_PART_RE.pattern})", text)))


def _split_tasks(part: str) -> list[str]:
    """One part of a theme (no marks in it), split before each second task; not one that
    ends on what is studied, whose object runs to its end (学习贯彻…推动东北全面振兴座谈会
    精神)."""
    if _STUDIED_END_RE.search(part):
        return [part]
    out = []
    while (LIGHT_VERB_RE.match(part) or TOPIC_VERB_RE.match(part)) and (joined := min(
            (m.start() for m in (*_JOINED_TASK_VERB_RE.finditer(part, _TASK_CHARS),
                                 *_BUILT_TASK_RE.finditer(part, _TASK_CHARS))
             if len(part) - m.start() >= _TASK_CHARS and part[m.start() - 1] not in "和与并及、的"
             and not _ADVERB_END_RE.search(part[:m.start()])), default=None)):
        out.append(part[:joined])
        part = part[joined:]
    return [*out, part]


def _theme_parts(theme: str) -> tuple[str, ...]:
    """The parts of a theme with no meeting around it (see read_assignment)."""
    parts = tuple(p for p in _SECOND_PART_RE.split(theme) if len(p) >= 2)
    return _unwrapped(parts) or (theme,)


def _without_season(text: str) -> str:
    """``text`` without the season opening it, when something is left: 今冬明春供暖保障
    is on 供暖保障 in the season named, the season is when, not what (judge 168: its
    words had been 今冬 alone, and 冬季供暖 had drafted 冰雪运动 and 越冬作物 passages)."""
    season = _SEASON_HEAD_RE.match(text)
    return text[season.end():] if season and len(text) - season.end() >= 2 else text


def _unwrapped(parts: tuple[str, ...]) -> tuple[str, ...]:
    """The theme's parts with its first part's subject taken out of what wraps it."""
    if not parts:
        return parts
    if (len(parts) >= 2 and _PRINCIPLE_RE.fullmatch(parts[0])
            and not _PRINCIPLE_RE.fullmatch(parts[1]) and not _ANY_GOAL_RE.search(parts[1])):
        parts = parts[1:]  # (see _PRINCIPLE_RE)
    if put := _PUT_FIRST_RE.match(parts[0]):
        # 把党的政治建设摆在首位 is about 党的政治建设.
        parts = (put.group(1), *parts[1:])
    if (named := _CALLED_RE.search(parts[0])) and named.start() >= 2:
        # 牢牢把握高质量发展这个首要任务: what it is called is not what it is.
        parts = (parts[0][:named.start()], *parts[1:])
    if role := _ROLE_FIGURE_RE.match(parts[0]):
        parts = (role.group("subject"), *parts[1:])
    parts = (_without_season(parts[0]), *parts[1:])
    if wrapper := _ESSAY_HEAD_RE.match(parts[0]):
        # 浅谈基层治理现代化: how an essay treats its subject, not the subject.
        parts = (parts[0][wrapper.end():], *parts[1:])
    if asked := _QUESTION_RE.match(parts[0]):
        # 如何做好新时代信访工作 asks how a task is done: the topic is the task (its
        # frames had said 做好新时代共产党员如何发挥…使命光荣: judge 167).
        parts = (asked.group("who") + asked.group("task"), *parts[1:])
    if grasp := _GRASP_FRAME_RE.match(parts[0]):
        # 深刻把握“两个结合”的重大意义: a title that asks for its subject to be grasped
        # is about the subject (the frames grasp it again: not 深刻认识深刻把握…).
        parts = (grasp.group("subject"), *parts[1:])
    if figure := _BIG_ESSAY_RE.search(parts[0]):
        # 做好盐碱地综合利用这篇大文章: the 文章 is a figure for the work before it.
        parts = (parts[0][:figure.start()], *parts[1:])
    if essay := _ESSAY_TAIL_RE.search(parts[0]):
        # 有效降低全社会物流成本的实践路径: an article's title says it seeks a way; what
        # it is about is what comes before.
        parts = (parts[0][:essay.start()], *parts[1:])
    if means := _EMPOWER_RE.match(parts[0]):
        # 以文旅深度融合赋能县域经济高质量发展: what the text is about is the means.
        # (What it leads to: 公立医院 of …公立医院高质量发展, 税收征管 of 税收征管现代化.)
        led = _LED_TO_RE.sub("", means.group(2))
        if (_PARTY_MEANS_RE.fullmatch(means.group(1)) and len(led) >= 2
                and led != means.group(2)):
            # …unless the means is party building, the formula of any field's: 以高质量
            # 党建引领公立医院高质量发展 is on 公立医院党建 (read as 党建, its 党课 had
            # been all 机关, 楼宇 and 快递 党建: judge 89).
            return (f"{led}党建", means.group(2), *parts[1:])
        return (means.group(1), means.group(2), *parts[1:])
    if trend := _TREND_RE.match(parts[0]):
        # 大兴调查研究之风 is about 调查研究; 大兴学习之风 about itself (学习 alone
        # names the occasion, a study session, and is no part of a theme).
        subject = trend.group("subject")
        return (parts[0] if _OCCASION_PART_RE.match(subject) else subject, *parts[1:])
    if slogan := _SLOGAN_RE.match(parts[0]):
        # 奋力谱写新时代双拥工作新篇章 is about 双拥工作.
        return (slogan.group("subject"), *parts[1:])
    return parts


def comrades_named(text: str) -> list[str]:
    """The people ``text`` names as comrades (张富清 of 学习张富清同志先进事迹; 陈云, not
    习陈云, of 学习陈云同志…: a verb before a name of two is no part of it)."""
    names = [m.group("name") for m in _COMRADE_RE.finditer(_HONOURING_RE.sub(" ", text))]
    # People whose deeds are studied, named without 同志 (学习卓嘎央宗姐妹先进事迹, 学习刘胡兰、
    # 董存瑞英雄事迹): a passage written to honour the sisters had come into a 研讨发言 on
    # 铸牢中华民族共同体意识, naming them (stop 62).  Not a title many hold (“最美教师”,
    # 全国优秀共产党员).
    for m in _DEEDS_RE.finditer(text):
        if not _TITLE_HELD_RE.search(m.group("names")):
            names += [n for n in m.group("names").split("、") if len(n) >= 2 and n not in names]
    return names


_HONOURING_RE = re.compile(r"学习|纪念|弘扬|缅怀|追忆|传承|践行|宣传|致敬")


def honoured_names(text: str) -> list[str]:
    """The spirits and the events ``text`` honours (西柏坡 of 弘扬西柏坡精神, 两弹一星 of
    弘扬“两弹一星”精神, 秋收起义 of 纪念秋收起义); not a meeting's spirit (学习贯彻…会议
    精神: it is studied, not honoured), nor a person (see comrades_named)."""
    names = [m.group("name") for m in _SPIRIT_RE.finditer(text)]
    names += [m.group("name") for m in _EVENT_RE.finditer(text)
              if not _PERSON_END_RE.search(m.group("name"))]
    return names


_SPIRIT_RE = re.compile(f"(?:传承弘扬|弘扬|传承)(?:好|和)?(?:伟大)?[“\"]?(?P<name>[{CJK}]{{2,8}}?)"
                        f"[”\"]?(?:等[{CJK}]{{0,6}})?精神")
# (纪念 opening the name, as an occasion's: not 烈士纪念工作.)
_EVENT_RE = re.compile(f"(?:^|[、，])纪念[“\"]?(?P<name>[{CJK}·]{{2,10}}?)[”\"]?"
                       f"(?=召开|成立|诞辰|胜利|设立|[0-9]|、|，|$)")
_PERSON_END_RE = re.compile("同志$|先生$")


def quoted_names(text: str) -> list[str]:
    """The names ``text`` quotes (“四下基层”, “千万工程”) or the book it studies
    (《论十大关系》; not a body of rules, read by what it governs), of three characters or
    more: what a title quoting them is about."""
    books = [m.group(1) for m in _BOOK_RE.finditer(text)
             if not _RULES_TITLE_RE.fullmatch(m.group())]
    return [name for name in [*_QUOTED_RE.findall(text), *books] if len(name) >= 3]


def core_topic(topic: str) -> str:
    """The topic itself: see Assignment.core."""
    return read_assignment(topic).core


def jurisdiction_of(topic: str) -> str:
    """全县 of 全县安全生产工作, and of 县委理论学习中心组专题研讨：… (the committee that
    meets is the level's); '' when the topic names none."""
    match = JURISDICTION_HEAD_RE.match(topic.strip())
    if match:
        return match.group()
    committee = _COMMITTEE_HEAD_RE.match(topic.strip())
    return f"全{committee.group(1)}" if committee else ""


# A level's committee leading the topic (县委理论学习中心组…, 市委常委会…).
_COMMITTEE_HEAD_RE = re.compile(r"^(?:在)?([省市县区])(?:委|政府|人大|政协)")
# The level a post is held at: 县 of 县委书记, 副县长 or 县人大常委会主任, 市 of 市委常委、
# 宣传部部长 (not 市场监管局局长, nor 社区 or 园区 of 社区党委书记).
_POST_LEVEL_RE = re.compile(r"(?<![社园小街])([省市县区])(?:委|长|政府|人大|政协)")


def level_of_post(post: str) -> str:
    """全县 of 县委书记 or 副县长, 全市 of 市委常委、宣传部部长; '' for a post that names
    no level (宣传部部长) or a field left to fill in."""
    match = _POST_LEVEL_RE.search(post or "")
    return f"全{match.group(1)}" if match and "待补" not in post else ""


def topic_forms(topic: str) -> tuple[str, str, str]:
    """(shape, subject, task) of a topic.  ``shape`` is ``verb`` when it opens with a
    verb that makes it a task (优化营商环境: its subject is 营商环境), ``area`` for a
    field of work (安全生产), ``noun`` otherwise (作风建设; 加强作风建设 too: 加强 only
    governs it).  ``task`` is the topic as the object of 做好/推进/部署: 安全生产工作,
    作风建设, 优化营商环境工作, the one form every shape takes in a frame.  The topic is
    read as a writer types it: 全县安全生产工作, 民营企业家座谈会 and a two-part title
    (深入贯彻中央八项规定精神 推进作风建设常态化长效化) name 安全生产工作, 民营企业家
    and the first part."""
    assignment = read_assignment(topic)
    topic = assignment.core
    if topic in _WORK_OF_PEOPLE:
        # A meeting of 民营企业家 is on their field: 做好民营经济工作, not 民营企业家工作.
        return "area", _WORK_OF_PEOPLE[topic], f"{_WORK_OF_PEOPLE[topic]}工作"
    if (within := _WITHIN_WORK_RE.match(topic)) and _opening_verb(within.group("work")):
        # Done within a work (在办好民生实事中践行以人民为中心的发展思想): the work is what
        # its passages are on and what frames take; the whole title, set in them, had read
        # 推动在办好民生实事中践行…落地见效, eleven times (judge 174).
        return topic_forms(within.group("work"))
    if len(topic) <= 8 and f"{topic}工作" in assignment.text and not _AREA_END_RE.search(topic):
        # A field named by its work (农村工作会议 → 农村工作): 做好农村工作, not 做好农村;
        # its subject is the field, unless the field is no field without 工作 (社会工作).
        return "area", f"{topic}工作" if topic in _NAMED_WORKS else topic, f"{topic}工作"
    if grasp := GRASPED_MEANING_RE.match(topic):
        # A meaning grasped (深刻领悟“两个确立”的决定性意义) is on what it is the meaning
        # of, and is done as typed: its frames had read 从讲政治的高度把握深刻领悟… and
        # 做好深刻领悟…使命光荣 (judge 181).
        return "verb", grasp.group("subject"), topic
    # 抓党建促基层治理, 以文化促发展: the means, then the end, which is the subject.
    means = _MEANS_RE.match(topic)
    if means:
        return "verb", means.group(1), f"{topic}工作"
    if (by := by_means(topic)) is not None:
        # 以钉钉子精神抓好工作落实 is a task as typed, on what its own task is on: not
        # 做好以钉钉子精神抓好工作落实 (judges 155 and 156), nor a noun filed as 文化 for
        # its 精神.
        task = topic[by:]
        if not _opening_verb(task) and (verb := _BY_MEANS_VERB_RE.match(task)):
            task = task[verb.end():]  # (狠抓工作落实: on 工作落实)
        return "verb", topic_forms(task)[1], topic
    if (done_well := _DONE_WELL_RE.match(topic)) and len(topic) - done_well.end() >= 2:
        # 坚持好完善好运行好人民代表大会制度: verbs each done 好 govern the noun.
        topic = topic[done_well.end():]
    light = LIGHT_VERB_RE.match(topic)
    typed_verb = ""  # the light verb the writer typed the noun with (推进 of 推进新型工业化)
    if light and len(topic) - light.end() >= 2:
        verb = typed_verb = re.sub("^" + ADVERB, "", light.group())
        if _HELD_COURSE_RE.search(topic) and verb == "坚持":
            # A course is held to (坚持我国宗教中国化方向): not 做好…方向.
            done = f"{verb}{topic[light.end():]}"
            return "verb", topic[light.end():], done
        topic = topic[light.end():]
        raised = _RAISED_RE.search(topic)
        if (light.group().endswith(("提升", "提高")) and raised and raised.start() >= 2
                and _AREA_END_RE.search(topic[:raised.start()])):
            # What is raised is the work's capacity (提升城市防震减灾能力): the subject is
            # the work (城市防震减灾), which capacity cannot be 落地见效 as a task can.
            topic = topic[:raised.start()]
        elif light.group().endswith(("提升", "提高", "增强")) and raised and raised.start() >= 2:
            # A capacity one holds (提高统筹谋划能力) is raised, not done: not 谋划统筹谋划
            # 能力的务实举措.
            return "verb", topic, f"{verb}{topic}"
        # Two in a row govern it together (加快建设法治政府 → 法治政府).
        again = LIGHT_VERB_RE.match(topic)
        if again and len(topic) - again.end() >= 2 and not TOPIC_VERB_RE.match(topic):
            topic = topic[again.end():]
            if again.group().endswith(("建设", "打造", "构建")) and not _AREA_END_RE.search(topic):
                # What is built is built: 做好法治政府建设, not 做好法治政府.
                return "noun", topic, f"{topic}建设"
    if topic.endswith("精神") and not TOPIC_VERB_RE.match(topic):
        # A text's spirit is carried out (落实中央八项规定精神), not done as a 工作; a
        # spirit people showed is carried on (弘扬科学家精神: a blind judge of stop 62 read
        # 贯彻落实科学家精神 throughout).
        verb = ("落实" if light and light.group().endswith("落实") else "贯彻落实"
                if _TEXTS_SPIRIT_RE.search(topic) else "弘扬")
        return "verb", topic, f"{verb}{topic}工作"
    match = TOPIC_VERB_RE.match(topic)
    if match and len(topic) - match.end() >= 2:
        task = re.sub("^" + ADVERB, "", topic)  # 做好贯彻…工作, not 做好深入贯彻…工作
        subject = topic[match.end():]
        if (hard := _HARD_TAIL_RE.search(subject)) and hard.start() >= 2:
            subject = subject[:hard.start()]  # 破解城市停车难题: what is hard is 城市停车
        if (built := LIGHT_VERB_RE.match(subject)) and len(subject) - built.end() >= 2:
            subject = subject[built.end():]  # 主动融入和服务构建新发展格局: 新发展格局
        if subject.endswith("工作") and len(subject) > 4:
            subject = subject[:-2]  # 优化营商环境工作: the subject is 营商环境
        if (len(match.group()) == 1 and (pair := _SLOGAN_PAIR_RE.fullmatch(subject))):
            # Two slogans in a row (稳就业保就业, 稳外贸稳外资): each verb's object is
            # the subject, once.  Read as one word, 就业保就业 had found no passage
            # written for 稳就业促就业 (a blind judge, stop 60).
            first, second = pair.group("first", "second")
            subject = first if first == second else f"{first}和{second}"
        if (_HELD_TO_VERB_RE.match(task) or CARRIED_SPIRIT_RE.match(task)
                or joined_objects(subject)):
            # What one holds to is no work done well: 牢记初心使命, not 做好牢记初心使命工作;
            # nor tasks joined (就发扬斗争精神、增强斗争本领谈两个方面的意见, not 就做好…
            # 增强斗争本领工作).
            return "verb", _objects_of_joined_verbs(subject), task
        return "verb", subject, task if task.endswith(_WORK_ENDS) else f"{task}工作"
    if _AREA_END_RE.search(topic):
        return "area", topic, topic if topic.endswith(_WORK_ENDS) else f"{topic}工作"
    if _CAMPAIGN_END_RE.search(topic):
        # A campaign is done through its tasks: 做好污染防治攻坚战各项工作.
        return "noun", topic, f"{topic}各项工作"
    if _FIRMS_END_RE.search(topic):
        # Firms met (汽车零部件企业座谈会) are met on their growth: 做好汽车零部件企业
        # 发展工作, not 做好汽车零部件企业.
        return "area", topic, f"{topic}发展工作"
    if _SYSTEM_END_RE.search(topic) and (built := _BUILT_RE.search(topic)):
        # 主动融入和服务构建新发展格局 builds it already: not …格局建设.
        return "verb", topic[built.end():], f"{topic}工作"
    if _SYSTEM_END_RE.search(topic):
        # A system is built: 做好养老服务体系建设, not 做好养老服务体系.
        return "noun", topic, f"{topic}建设"
    if _FACILITY_END_RE.search(topic) or _CAMPAIGNED_FOR_RE.match(topic):
        # (A title campaigned for, 创建全国文明城市, is done as a 工作: its frames had
        # read 做好创建全国文明城市, a blind judge, stop 60.)
        return "noun", topic, f"{topic}工作"
    if _VIEW_END_RE.search(topic):
        # A view or an idea is held and carried out (贯彻落实总体国家安全观), not done:
        # a blind judge of stop 62 read 做好总体国家安全观 and a title 奋力推进新时代总体
        # 国家安全观高质量发展.
        # (One's own view of power, work or merit is set up: 树立正确政绩观.)
        return topic_forms(f"{'树立' if _OWN_VIEW_RE.search(topic) else '贯彻落实'}{topic}")
    if _POWER_END_RE.search(topic):
        # A power is built (建设金融强国, 金融强国建设), not done: a blind judge of stop 62
        # read 做好金融强国 and 以实际行动推动金融强国落地见效.
        return "noun", topic, f"{topic}建设"
    if typed_verb and _GROWN_END_RE.search(topic):
        # A process, a thing grown, a system of chiefs or a team forged (新型工业化, 新型
        # 农村集体经济, 河湖长制, 政法铁军) is no work: done as the writer typed it, as a
        # 工作 (做好推进新型工业化工作; blind judges of stop 61 read 做好新型工业化, 做好新型
        # 农村集体经济, 做好河湖长制 and 做好锻造新时代政法铁军).  (A rule upheld, 民主
        # 集中制, is neither.)
        return "noun", topic, f"{typed_verb}{topic}工作"
    return "noun", topic, topic


# What a noun topic ends on when it is a process, a thing grown, a system of chiefs or a
# team forged, not a work (see topic_forms).
_GROWN_END_RE = re.compile(r"(?:化|经济|产业|长制|铁军)$")
# A view or an idea one holds (总体国家安全观, 正确政绩观, 新发展理念); not a sight, a
# visit or a way of seeing (景观, 参观, 客观, 宏观).
_VIEW_END_RE = re.compile(r"(?<=..)(?<![景参外旁客主直宏微改壮乐悲可美])观$|(?<=.)理念$")
_OWN_VIEW_RE = re.compile(r"^正确|(?:世界|人生|价值|权力|事业|政绩|群众|荣辱|利益|业绩)观$")
# The spirit of a text or a meeting, carried out (中央八项规定精神, 党的二十大精神).
_TEXTS_SPIRIT_RE = re.compile(r"(?:会议|全会|大会|规定|讲话|指示|批示|文件|决定|意见|条例|"
                              r"报告|二十大|十九大|党代会|[一二三四五六七八九十]中)精神$")
# A power a country, province or city is to become (金融强国, 教育强省, 交通强市).
_POWER_END_RE = re.compile(r"(?<=..)强(?:国|省|市|县|区)$")


def _objects_of_joined_verbs(subject: str) -> str:
    """What tasks joined by 、 are done to, once the first's verb is off: 发扬斗争精神、
    增强斗争本领 is on 斗争精神和斗争本领 (its frames had said 把斗争精神、增强斗争本领贯穿
    到…, and 让斗争精神、增强斗争本领历久弥坚: judges 142-144).  Any other subject is as
    it was."""
    objects = joined_objects(subject)
    return "、".join(objects[:-1]) + "和" + objects[-1] if objects else subject


def _opening_verb(text: str) -> re.Match[str] | None:
    """The verb a task opens with (发扬 of 发扬斗争精神, 增强 of 增强斗争本领), if any."""
    return TOPIC_VERB_RE.match(text) or LIGHT_VERB_RE.match(text)


def _after_verb(task: str) -> str:
    """A task less the verb it opens with (斗争精神、增强斗争本领 of 发扬斗争精神、增强
    斗争本领), or the task as it is."""
    verb = _opening_verb(task)
    return task[verb.end():] if verb and len(task) - verb.end() >= 2 else task


# Spirits named one after another, with or without a 、 between them.
_SPIRITS_LISTED_RE = re.compile(r"(?:[^、，和与及精\s]{2,4}?精神[、，]?){2,}")
_ONE_LISTED_SPIRIT_RE = re.compile(r"[^、，和与及精\s]{2,4}?精神")


def spirits_listed(subject: str) -> list[str]:
    """The spirits a subject lists, when it is nothing but two or more of them
    (劳模精神、劳动精神、工匠精神; 劳模精神劳动精神工匠精神), else none."""
    if not _SPIRITS_LISTED_RE.fullmatch(subject):
        return []
    return _ONE_LISTED_SPIRIT_RE.findall(subject)


def joined_objects(subject: str) -> list[str]:
    """The objects of tasks joined by 、 whose first verb is already off (斗争精神 and
    斗争本领 of 斗争精神、增强斗争本领), or none: a list of nouns (宣传、思想、文化) is no
    such thing."""
    parts = subject.split("、")
    if len(parts) < 2:
        return []
    objects = [parts[0]]
    for part in parts[1:]:
        verb = _opening_verb(part)
        if not verb or len(part) - verb.end() < 2:
            return []
        objects.append(part[verb.end():])
    return objects


def _paired(word: str, subject: str) -> str:
    """The pair of four characters a two-character ``word`` is one half of in
    ``subject``, sharing its first (惠民惠农 of 惠民 or 惠农), or ``word`` itself."""
    if len(word) != 2:
        return word
    a, b = map(re.escape, word)
    pair = re.search(f"{a}{b}{a}[^{b}]|{a}[^{b}]{a}{b}", subject)
    return pair.group() if pair and _CJK_RUN_RE.fullmatch(pair.group()) else word


_CJK_RUN_RE = re.compile(f"[{CJK}]+")


_HELD_TO_VERB_RE = re.compile(HELD_TO_VERBS)
# A spirit or a tradition carried on (发扬斗争精神, 弘扬伟大建党精神): held to as a verb
# of HELD_TO_VERBS is, no work done well (judges 158, 159 read 做好发扬斗争精神工作 and
# 发扬斗争精神使命光荣).  A culture promoted (弘扬中华优秀传统文化) is a work.
CARRIED_SPIRIT_RE = re.compile(r"(?:传承弘扬|弘扬|发扬|传承)[^，、\s]{0,12}?(?:精神|优良传统|"
                               r"光荣传统|作风)(?=$|[，、\s])")


def _whole_word(word: str, subject: str) -> str:
    """``word``, or the rarer word of general Chinese it ends where the topic says it
    (依法办事 for 办事 in …和依法办事能力); see understand."""
    from drafter.text.terms import rarity, speech_idf
    from drafter.text.wordtags import dictionary_words

    at = subject.find(word)
    if at <= 0 or len(word) != 2:
        return word
    for size in (2, 1):
        whole = subject[max(0, at - size):at + len(word)]
        if (len(whole) == len(word) + size and whole in dictionary_words()
                and whole in speech_idf()
                and rarity(whole, general=False) > rarity(word, general=False) + 1):
            return whole
    return word


def _narrows(word: str, longer: str) -> bool:
    """Whether ``word`` opens ``longer`` as a word that only narrows it (生态 of 生态产品,
    商务 of 商务楼宇), not as its head given its field's tail (人才 of 人才工作)."""
    return longer != word and longer.startswith(word) and not work_tail(longer[len(word):])


def work_tail(rest: str) -> bool:
    """Whether ``rest`` is only a field of work's generic tail (工作, 服务, 安全 of 人才工作,
    养老服务, 消防安全): what it follows is the name's head, not a modifier of it."""
    found = _AREA_END_RE.search(rest) or GENERIC_TAIL_RE.search(rest)
    return bool(rest) and found is not None and found.start() == 0


# Verbs of doing a thing well that writers lead a task with (走好…路线, 讲好…故事).
_DONE_WELL_VERB_RE = re.compile(r"(?:走好|做好|抓好|用好|管好|办好|守好|讲好|当好|把好|带好|建好|"
                                r"答好|打好|种好|护好|干好)")


def leads_with_verb(task: str) -> bool:
    """Whether a task opens with a verb of its own (促进…, 防范化解…, 走好…), or with the
    means it is done by (以钉钉子精神抓好…, see by_means), so that another verb put before
    it doubles it (推动促进…, 做好以…抓好…)."""
    return bool(_opening_verb(task) or _DONE_WELL_VERB_RE.match(task)) or (
        by_means(task) is not None)


def by_means(topic: str) -> int | None:
    """Where the task of a topic naming its means first begins (以钉钉子精神抓好工作落实
    → 抓好工作落实 at 6), or None: the means is 以 and two to ten characters before a
    verb that opens a task."""
    if not topic.startswith("以") or topic.startswith(("以及", "以上", "以下", "以来", "以后")):
        return None
    for end in range(3, min(len(topic) - 2, _BY_MEANS_LONGEST + 2)):
        rest = topic[end:]
        if _opening_verb(rest) or _BY_MEANS_VERB_RE.match(rest):
            return end
    return None


def verb_phrase(task: str) -> str:
    """A verb-phrase topic as something done (践行…理念 of 践行…理念工作): its task
    without the 工作 topic_forms added."""
    return task.removesuffix("工作") if len(task) > 4 else task


def understand(topic: str, bank=None) -> Topic:
    """The topic's shape, domains and related terms (from ``bank`` when given)."""
    from drafter.text.terms import MIN_IDF, content_words, rarity, speech_idf

    shape, subject, task = topic_forms(topic)
    if remarks := (_REMARKS_ON_RE.search(subject) or _SPOKEN_AT_RE.search(subject)):
        # 习近平总书记关于建设海洋强国的重要论述 is grasped as named (the frames keep it),
        # but what its passages must speak of is 海洋强国: every 重要论述 is on something.
        subject = remarks.group("subject") or remarks.group("named")
        # (…在进一步推动长江经济带高质量发展座谈会上的重要讲话: 推动长江经济带….)
        subject = re.sub("^" + ADVERB, "", subject) or subject
    lexicon = domain_lexicon(bank)
    # What the writer asked for, less the occasion it was asked at (理论学习中心组 of
    # 县委理论学习中心组“…”专题研讨 is where, not what).
    assignment = read_assignment(topic)
    # (Not what the work is to bring: 乡村 of 激发乡村发展活力 is the whole field.)
    asked = "，".join(_bare(part) for n, part in enumerate(assignment.parts)
                     if n == 0 or not _PURPOSE_RE.match(part))
    if (by := by_means(asked)) is not None:
        asked = asked[by:]  # (以钉钉子精神 is how, not what: not 文化 for its 精神)
    # 教育高质量发展 is about 教育: a generic qualifier at the end says nothing of the
    # subject when something is left before it.
    core = GENERIC_TAIL_RE.sub("", subject)
    kin = [k for name, kins in _KIN_NAMES.items() if name in asked for k in kins]
    evidence = lexicon.evidence("，".join([core, *kin]) if kin
                                else (core if len(core) >= 2 else topic), heading=True)
    if not evidence:
        evidence = lexicon.evidence(asked, heading=True)
    total = sum(v for v in evidence.values() if v > 0)
    ranked = sorted(((k, v / total) for k, v in evidence.items() if v > 0),
                    key=lambda kv: (-kv[1], kv[0])) if total else []
    kept = [(k, v) for k, v in ranked if v >= _SHARE_KEPT * ranked[0][1]][:2] if ranked else []
    if kept and bank is not None and _placed_by_doing_only(lexicon, core, kept):
        # Placed only by what is done (防控 of 慢性病综合防控, a cue of 安全 for 疫情防控),
        # a subject the bank names by its own name is where the bank files it (卫健).
        kept = _domains_from_bank(bank, subject) or kept
    # The topic's own words: the domain cue words it contains (安全生产, 营商环境), or
    # the subject whole.  No segmenter: assembling a draft must not wait for jieba.
    words = list(dict.fromkeys(cue for key in evidence for cue in lexicon.cues_in(asked, key)
                               if len(cue) >= 2 and rarity(cue, general=False) >= MIN_IDF
                               and not rare_word_before(asked, asked.find(cue))))
    # A cue word that is only a subject's generic tail (高质量发展 of 县域经济高质量发展)
    # says nothing of this topic when another word does.
    # Nor, alone, when only the end the topic serves says it (高质量发展 of 以新型工业化
    # 引领高质量发展: the subject, 新型工业化, is added below).
    # (Unless what it qualifies is the field's own name and the tail a word of that
    # field: 高质量发展 of 经济高质量发展 is what its passages say; read as the whole name
    # alone, a 研讨发言 on 推动经济高质量发展 had drawn nothing from the bank, a blind
    # judge of stop 60.)
    goal = _field_goal(subject, kept, lexicon)
    words = [w for w in words if not GENERIC_TAIL_RE.fullmatch(w) or w == goal] or [
        w for w in words if w == subject]
    words = [w for w in words if not _piece_of_named(w, asked)]
    # Nor a cue that names no subject (学习贯彻, 全会精神 of 学习贯彻…四中全会精神).
    words = [w for w in words if w not in lexicon.broad]
    # A short subject is a word of its own (河湖长制, whose cue is only 湖长制).
    if not words or (len(subject) <= 6 and subject not in words):
        words.append(subject)
    # Each object of tasks joined is a word of its own, as a short subject is (斗争精神
    # and 斗争本领 of 发扬斗争精神、增强斗争本领): passages name one at a time.
    words += [o for o in joined_objects(_after_verb(assignment.core))
              if len(o) <= 6 and o not in words]
    # A person the topic honours is its word (张富清 of 学习张富清同志先进事迹): every
    # 先进事迹 is somebody's.
    words += [m.group("name") for m in _COMRADE_RE.finditer(subject)
              if m.group("name") not in words]
    # A name in quotes is one word (“千万工程”, “枫桥经验”), not its pieces (千万).
    names = _QUOTED_RE.findall(subject)
    words += [name for name in names if name not in words]
    for w in content_words(_QUOTED_RE.sub("", subject)):
        # One at a time: a word cut across one just taken is no word of the topic
        # (病防治 across 地方病 of 地方病防治, which the segmenter gives both of).
        if (rarity(w, general=False) >= _PART_IDF and not _PART_STOP_RE.match(w)
                and w not in words and not _crosses(w, words, subject)
                and not _piece_of_named(w, subject)):
            words.append(w)
    # Words of the bank's own dictionary the speech table has not seen (秸秆禁烧, 医共体:
    # mined from passages written on them, rarer than any word the archive uses).
    # (Not a piece of a word already taken, other than the subject whole: the mined
    # dictionary's 普通高 of 普通高中 had been a word of 县域普通高中振兴.)
    words += [w for w in _new_words_in(_QUOTED_RE.sub("", subject), bank)
              if w not in words and not _PART_STOP_RE.match(w)
              and not _crosses(w, words, subject)
              and not any(w in o for o in words if o != subject)]
    # 作风建设 → 作风 too: the short form finds the material that says 作风 alone.  The
    # subject's own short form always counts (政治 of 政治建设); another word's only when
    # it still names something (not 组织 of 组织建设 in 基层党组织建设).
    # (Not of a longer word's end: 主动精神 of 历史主动精神 gives no 主动, which every
    # 主动发声 and 主动排查 says.)
    short = GENERIC_TAIL_RE.sub("", subject)
    words += [w for w in (GENERIC_TAIL_RE.sub("", w) for w in words
                          if not any(w != o and o.endswith(w) for o in words))
              if len(w) >= 2 and w not in words
              and (w == short or rarity(w, general=False) >= _SHORT_IDF)]
    # (The object peeled, not the task: 防范化解金融 of 防范化解金融风险 is a verb cut
    # through its object.)
    obj = _after_verb(subject)
    words += [w for w in _peeled(obj)
              if w not in words and rarity(w, general=False) >= _REST_IDF]
    # The object of the verb a subject opens with is what it is about, when general
    # Chinese has it as one word (金融风险 of 防范化解金融风险): without it, 金融 alone had
    # drawn 农村金融 and 科技金融 passages into a meeting on financial risk (judge 161).
    if (obj != subject and obj not in words and len(obj) >= 3 and obj in content_words(obj)
            and not _crosses(obj, words, subject)):
        words.append(obj)
    words += [short for full, short in _SHORT_NAMES.items()
              if full in subject and short not in words]
    # A subject opening on where its work is done (城市防震减灾, 农村人居环境整治) is
    # named without it as often (防震减灾).
    placed_in = _PLACE_HEAD_RE.match(subject)
    if placed_in and len(rest := subject[placed_in.end():]) >= 4 and rest not in words:
        words.append(rest)
    # A thought named by what it holds to (以人民为中心的发展思想) is said by that (以人民为
    # 中心) far more often than by its whole name.
    if (held := _HELD_TO_RE.match(subject)) and held.group(1) not in words:
        words.append(held.group(1))
    words += [k for k in kin if k not in words]
    # What a body of rules governs is what its passages say (党务公开 of 党务公开条例,
    # 纪律处分 of 纪律处分条例), more than its name.
    if (rules := _RULES_END_RE.search(subject)) and rules.start() >= 4:
        words.insert(0, subject[:rules.start()])
    # The cue word the subject ends with is what it is about, however common (就业 of
    # 高校毕业生等青年群体就业: the group is whose 就业).
    words += [cue for key in evidence for cue in lexicon.cues_in(subject, key)
              if subject.endswith(cue) and len(cue) >= 2 and cue not in words
              and not GENERIC_TAIL_RE.fullmatch(cue)
              and rarity(cue, general=False) >= _REST_IDF][:1]
    # A cue word that begins or ends one of these names the subject too (债务 of
    # 地方债务: the tasks say 隐性债务, 存量债务); one in the middle is another word's
    # piece (党组 of 基层党组织).
    words += list(dict.fromkeys(
        cue for key, _ in kept for cue in lexicon.cues_within(subject, key)
        if len(cue) >= 2 and cue not in words and rarity(cue, general=False) >= SUBJECT_IDF
        and any(w != cue and (w.startswith(cue) or w.endswith(cue)) for w in words)))
    # The further parts of a two-part theme name subjects the topic covers too (民营经济
    # of 优化营商环境，促进民营经济), when they name one outright.
    secondary = []
    for part in assignment.also:
        if part in assignment.joint:
            # A subject joined by 暨 is the topic's own (防汛救灾 of 安全生产暨防汛救灾).
            words += [cue for cue in subject_words(lexicon, part) if cue not in words
                      and not rare_word_before(part, part.find(cue))]
            continue
        secondary += [cue for cue in (*subject_words(lexicon, part), *_QUOTED_RE.findall(part))
                      if cue not in subject and not GENERIC_TAIL_RE.fullmatch(cue)]
    # A name the cue words miss, said just before them (松材线虫病 of 松材线虫病疫情防控):
    # what the topic is about.  The words after it only say what is done about it, and
    # are secondary (疫情防控 is said of any 疫情, 动物疫情 too).
    if bank is not None:
        for name, qualified in _names_missed(subject, words, bank):
            words.insert(0, name)
            secondary += qualified
    # Words general Chinese knows, rare there, that the speech table has not seen at all
    # (保密 of 保密纪律: too seldom in the archive's speeches to be in its table; the
    # topic had been read as 保密纪律 alone and its 党课 drafted empty, judge 74).
    # (Not a piece of a word already taken, 松材 of 松材线虫病, but of the subject whole.)
    words += [w for w in _unseen_words(_QUOTED_RE.sub("", subject))
              if w not in words and not _PART_STOP_RE.match(w)
              and not any(w in o for o in words if o != subject)
              and not _crosses(w, words, subject)]
    # How the work is to be done (法治 of 信访工作法治化) is no subject of its own.
    secondary += [w for w in words if _MANNER_RE.search(w) or f"{w}化" in subject]
    # Nor a short word that only qualifies a thing of its own the topic names after it
    # (数据 of 数据要素市场): 办好群众诉求，也靠数据 is not on 数据要素市场化配置改革
    # (judge 178).  (Not before a common head: 乡村 of 乡村振兴, 作风 of 作风建设.)
    secondary += [w for w in words if len(w) == 2 and w not in secondary and any(
        o != w and o != subject and o.startswith(w)
        and rarity(o[len(w):], general=False) >= _PART_IDF for o in words)]
    words += [w for w in secondary if w not in words]
    # A cue that names no subject is no word of the topic, however it came in, nor where
    # the work is done (基层 of 基层治理).  Quotes are the writer's, not the word's: the
    # bank may quote “一老一小” otherwise or not at all.
    words = [w.translate(NO_QUOTES) for w in words]
    # A word is what is done, not the doing (长江经济带 of 推动长江经济带, read off a
    # meeting's name).
    words = [w[verb.end():] if (verb := LIGHT_VERB_RE.match(w)) and len(w) - verb.end() >= 4
             else w for w in words]
    words = [w for w in dict.fromkeys(words)
             if w not in lexicon.broad and not _PLACE_WORD_RE.match(w)] or [subject]
    # A head many subjects' names end with, inside a longer word of the topic, is that
    # word's, not a word of its own (卫生 of 爱国卫生: 公共卫生 and 卫生院 are not on it).
    words = [w for w in words if not (w in SHARED_HEADS and any(
        w != other and w in other for other in words))] or words
    # However it came in, a generic tail alone (高质量发展 of 开发区高质量发展) is no word
    # of a topic that has another.
    words = [w for w in words if not GENERIC_TAIL_RE.fullmatch(w) or w == goal] or words
    # Nor a word cut across a longer one of the topic and ending on the tail after it,
    # naming another field than what it cuts off (文化建设 across 党内政治文化 of 党内政治
    # 文化建设): the longer is the subject, built; alone, 文化建设 had drawn 社区文化建设
    # and 文化站 passages into a 党课 (judge 101).  (组织建设 of 基层党组织建设 is 党建's,
    # as 基层党 is.)
    words = [w for w in words if not any(
        (cut := _cut_to_tail(w, o, subject)) and _other_field(lexicon, w, cut)
        for o in words)] or words
    # Nor a word saying only how a thing is done (规范管理, 发展壮大, 更新改造): any subject's.
    words = [w for w in words if not HOW_ONLY_RE.fullmatch(w)] or words
    # Nor a piece cut before its noun (领导干部抓落实的 of …抓落实的能力).
    words = [w for w in words if not w.endswith("的")] or words
    # Nor a quality cut off its noun (规范性 of 规范性文件: 党内规范性文件 is another's),
    # nor its stem (合法 of 合法性审核: 合法权益 is anybody's).
    words = [w for w in words if not (
        (w.endswith("性") and re.search(re.escape(w) + f"(?![和与及])[{CJK}]", subject))
        or f"{w}性" in subject)] or words
    # Nor what is done, alone, when a longer word of the topic says to what (监管 of
    # 基金监管: 价格监管 and 特种设备监管 are other subjects).
    # (Nor at its head: 安置 of 安置帮教 is 退役军人's and 棚户区改造's too.)
    words = [w for w in words if not (_ACTION_WORD_RE.fullmatch(w) and any(
        o != w and (o.endswith(w) or o.startswith(w)) for o in words))] or words
    if _WATCHING_RE.search(subject):
        # Watching a thing (监测, 检测, 预警) is a subject narrower than the thing: neither
        # the watching alone (财政运行监测 and 鸟类监测 had filled an article on 生态环境
        # 监测) nor a field-wide word it watches (生态环境 drew 损害赔偿, 秦岭 and 土壤
        # 修复 passages into it, judge 111) names it while a longer word holding it is
        # left (商品 of 商品价格 drew 酒类商品 passages into 重要商品价格监测).
        words = [w for w in words if not (
            _WATCHING_RE.fullmatch(w)
            or (rarity(w, general=False) < SUBJECT_IDF and any(
                o != w and w in o for o in words)))] or words
    # Nor a broad word with a generic tail (经济高质量发展 of 县域经济高质量发展), nor a
    # two-character piece from the middle of another word (工商 of 个体工商户: 工商联 is
    # not on it; 国家安全 of 总体国家安全观 is a subject).
    words = [w for w in words if w == subject or (
        GENERIC_TAIL_RE.sub("", w) not in lexicon.broad
        and not _piece_of_another(w, words))] or words
    # Nor a word that only qualifies a far rarer one beside it (医疗 of 医疗保障基金监管,
    # 综合利用 of 盐碱地综合利用): alone it names another subject (医保支付, 秸秆综合利用).
    # Nor a piece of the generic tail (健康 of 特色小镇规范健康发展) or of the people or
    # place the work is done among (党员 of 党员干部酒驾醉驾专项整治), when a word is left.
    tail = GENERIC_TAIL_RE.search(subject)
    among = _AMONG_RE.match(subject)
    words = [w for w in words if w == subject or not (
        (tail and w in tail.group()) or (among and w in among.group()))] or words
    # One of a pair said as one (惠民 of 惠民惠农, 共享 of 共建共享) is no word alone:
    # 文化惠民 is another subject.  The pair is.
    words = list(dict.fromkeys(_paired(w, subject) for w in words))
    # A word the topic says as the end of a rarer word of general Chinese is that word
    # (办事 of 依法办事: alone, 群众办事 and 高效办成一件事 had filled a lecture on
    # 法治思维和依法办事能力 with 政务服务: judge 84).
    words = list(dict.fromkeys(_whole_word(w, subject) for w in words))
    # Two words the topic says one after the other as one name (公用 and 品牌 of
    # 区域公用品牌) are that name: alone, 公用 is 公用事业's and 品牌 every brand's
    # (啤酒品牌 and 党员冬训品牌 had filled a 公用品牌 article: judge 85).
    words += [joined for a, b in pairwise(words)
              if len(a) == len(b) == 2 and (joined := a + b) in subject
              and joined not in words and not any(joined in o for o in words if o != subject)]
    # Spirits listed as one (劳模精神、劳动精神、工匠精神, typed with or without 、): each
    # is a word of the topic, and neither what a spirit is named after (工匠 of 工匠精神
    # drew 农村建筑工匠 passages on 农房抗震 into a 党课, judge 179) nor a run cut across
    # two of them is one.
    spirits = spirits_listed(subject)
    if spirits:
        words = [w for w in words if w == subject or w in spirits or not (
            any(s.startswith(w) for s in spirits) or "精神" in w)] + [
            s for s in spirits if s not in words]
    if bank is not None:
        joined_names = _joined_names(subject, words, bank)
        # The two-character pieces of a name found are no words alone (生物 of 生物多样性
        # is 生物医药's too, 住宿 of 住宿餐饮 网约房's and 民宿's: judge 106), nor a stem
        # cut one character short of a name the topic says (水源 of 水源地: 南水北调水源区
        # and 春灌's 水源充足, judges 106 and 107).
        cut_short = _cut_short(subject, words, bank)
        words = list(dict.fromkeys([cut_short.get(w, w) for w in words if not (
            len(w) == 2 and any(w in j for j in joined_names))] + joined_names))
        # A word that only opens a name of the topic whose rest is a word of it too
        # qualifies that rest (饮用水 of 饮用水水源地 with 水源地: alone it drew 包装饮用水
        # 产业 passages, judge 106).
        # (Names, both: 化肥 of 化肥农药 is one of a pair, 公共文化 of 公共文化服务体系 is
        # what the 服务体系 is of.)
        words = [w for w in words if len(w) < 3 or not any(
            o.startswith(w) and len(o) - len(w) >= 3 and o[len(w):] in words
            and not _SUBJECT_TAIL_RE.fullmatch(o[len(w):])
            and not HOW_ONLY_RE.fullmatch(GENERIC_TAIL_RE.sub("", o[len(w):]))
            for o in words if o != subject)] or words
        # A thing and what is done to it, said as one name (智能化改造, 数字化转型 of 制造业
        # 智能化改造和数字化转型) are that name: the topic had been read as 智能化 alone and
        # drafted from 智能家电 and 制鞋 passages (judge 89: 25% kept).
        for joined in _done_to(subject, bank):
            if joined not in words and not any(joined in o for o in words if o != subject):
                # (A manner alone, 智能化, is said of anything; a thing, 设备, stays.)
                manner = joined[:-2] if joined[:-2].endswith("化") else ""
                words = [w for w in words if w != manner or subject.count(w) > 1] + [joined]
    qualifiers = {w for w in words if w != subject and _qualifies(w, words, subject)}
    # Nor the head of a longer word that a rare word narrows (登记 of 不动产登记: alone it
    # is 婚姻登记's and 养犬登记's too).
    qualifiers |= {w for w in words for longer in words
                   if longer != w and longer.endswith(w) and len(longer) - len(w) >= 2
                   and rarity(w, general=False) < _NARROWED_HEAD_IDF
                   and (_narrowed(longer, len(longer) - len(w))
                        or (len(w) == 2 and _narrowed_by_four(longer, len(longer) - len(w)))
                        # (A kind named by what it is not: 文化遗产 of 非物质文化遗产 is
                        # 文物's too, and drew 文物普查 and 古道 passages, judge 186.)
                        or _NEGATED_KIND_RE.search(longer[:-len(w)]))
                   # (Done to it is no narrowing: 关爱 of 关心关爱基层干部.)
                   and not HOW_ONLY_RE.fullmatch(longer[-len(w) - 2:-len(w)])}
    # Nor a field's word the topic places in a setting of its own (食品安全 of 校园食品
    # 安全, with its kin 食品药品安全): alone it drew 疫苗, 网络售药 and 直播带货 passages
    # into an 教育局's speech on school canteens (judge 124: 8 foreign).  The draft is
    # made of what names the setting, or has honest gaps.
    if ((setting := _SETTING_RE.match(subject)) and len(rest := subject[setting.end():]) >= 4
            and _CROSS_CUTTING_RE.search(rest)):
        qualifiers |= {w for w in words if w != subject and setting.group() not in w
                       and (w in rest or any(w in kins for name, kins in _KIN_NAMES.items()
                                             if name in rest))}
        # (The setting named otherwise names it too: 学校食品安全.)
        if (alias := _SETTING_ALIASES.get(setting.group())) and alias + rest not in words:
            words.append(alias + rest)
    if ((facility := _FACILITY_END_RE.search(GENERIC_TAIL_RE.sub("", subject) or subject))
            and facility.start() >= 2):
        # A topic that is one facility or channel of a field (12345政务服务便民热线): the
        # field's words before it (政务服务) only say whose it is.  Alone they drew
        # 证照分离 and 窗口队伍 passages into a 座谈会 on the hotline (judge 171: 3
        # foreign).  Its passages name it, often short (12345热线, 热线).
        noun = facility.group()
        names_alone = rarity(noun, general=False) >= SUBJECT_IDF  # (热线; not 中心)
        if names_alone or any(noun in w for w in words):
            qualifiers |= {w for w in words if noun not in w and w != subject}
            if names_alone and noun not in words:
                words.append(noun)
    words = [w for w in words if w not in qualifiers] or words
    if bank is not None:
        # (遗产 of 工业遗产保护利用 drew 灌溉工程遗产, 非遗 and 丝路遗存: judge 69.)
        words = [w for w in words if not _sibling_head(w, words, bank)] or words
        # (体育 of 体育产业: alone it drew 全民健身 and 体育公园 passages into an article
        # on 体育产业, a blind judge of stop 59; 文化 of 文化产业 had drawn 文化事业's.)
        words = [w for w in words if not _broader_than_its_industry(w, words, bank)] or words
    if not kept and bank is not None:
        # By the phrases that name it: as typed for a field of work (人才工作 is 科技创新's
        # in the bank, 人才 alone everybody's).
        # (Or by a name the bank says that the speech table lacks: 危险废物 of 危险废物
        # 规范化环境管理, which no domain's cue word names.)
        kept = _domains_from_bank(bank, subject) or (
            _domains_from_bank(bank, task) if task != subject else []) or next(filter(
                None, (_domains_from_bank(bank, w) for w in joined_names if w in words)), [])
    # A topic the bank barely names by its own words (文化传承发展) is drafted from what
    # it names more broadly: the commoner cue words of its domain inside it (文化).
    own_words = list(words)
    sections = subject_sections(subject, bank)
    # (Without a bank, or a field to draw from, nothing is known to be thin.)
    naming = bank.naming(words, limit=_FEW_NAMING) if bank is not None and kept else None
    thin = naming is not None and len(naming) < _FEW_NAMING
    # A topic named by a word of a thing of its own, rare and long (赔偿制度 of 生态环境
    # 损害赔偿制度改革), is not widened to its field: drafted from 生态's passages, every one
    # was another subject's (judge 64: nine foreign).  Its gaps say what is missing.
    # (A word the speech table has seen, seldom: a new slogan it has not seen, 两山理念,
    # is a field's idea and is widened to it.)
    specific = any(len(w) >= 4 and speech_idf().get(w, 0.0) >= _SPECIFIC_IDF
                   and not GENERIC_TAIL_RE.fullmatch(w) for w in words)
    # A leader's thought or body of remarks (习近平文化思想, 关于…的重要论述) is a thing of
    # its own however often speeches name it: widened to 文化, a 党课 on it had been drafted
    # from 茶文化传承, 乡镇文化站 and 文化企业上市 passages (judge 130: 23 foreign).
    thought = bool(_NAMED_THOUGHT_RE.search(subject))
    specific = specific or thought
    if thin and thought:
        # …but it guides its field's work, which is what a speech on studying it is
        # about: the names of that work (宣传思想文化 for 习近平文化思想) are the topic's
        # own words, not the broad word.  With none, a 研讨发言 and an article on
        # 学习贯彻习近平文化思想 had been skeletons of one passage (two blind judges,
        # stop 60).
        field_names = (getattr(lexicon.taxonomy.types.get(kept[0][0]), "names", [])
                       if kept else [])
        guided = [name for name in field_names if name not in words and len(name) >= 4]
        words += guided
        own_words += guided
        wider = []
    elif thin and specific:
        wider = []
    elif thin:
        # A broad cue the subject is a kind of (民营企业 of 民营企业家) widens it too;
        # one it only ends with does not (全会精神 of 党的二十届四中全会精神).
        wider = list(dict.fromkeys(
            cue for key, _ in kept for cue in lexicon.cues_within(subject, key)
            if len(cue) >= 2 and cue not in words and rarity(cue, general=False) >= _BROAD_IDF
            and not GENERIC_TAIL_RE.fullmatch(cue)  # 高质量发展 is said of every subject
            and not cue.endswith(("发展", "建设", "工作"))  # 经济发展 of 低空经济发展
            and cue != "产业"  # said of every industry: 食用菌产业 is not 链长制 or 会展
            # Neither what is done (监管 of 基金监管: 价格监管 is another subject) nor a
            # word only qualifying the topic's (医疗 of 医疗保障基金监管).
            and not _ACTION_WORD_RE.fullmatch(cue) and cue not in qualifiers
            and cue not in SHARED_HEADS  # 卫生 of 爱国卫生 is not what it is a kind of
            # Not a word a rare one narrows (市场 of 集邮市场乱象 drew 高标准市场体系
            # passages); 国家安全 of 总体国家安全观 is what it is about.
            and not _narrowed(subject, subject.find(cue))
            # Nor a piece of the generic tail or of those the work is done among.
            and not (tail and cue in tail.group()) and not (among and cue in among.group())
            and (cue not in lexicon.broad or subject.startswith(cue))))
        # A broad cue is narrowed to the name around it in the subject that the bank
        # says often (文明 to 文明城市 of 创建全国文明城市, 114 passages): widened to 文明,
        # a 创文 speech had been drafted from 中华文明, 文明家庭 and 外语标识 passages
        # (judge 198: six foreign).
        wider = list(dict.fromkeys(_name_around(cue, subject, words, bank) or cue
                                   for cue in wider))
        if not wider and not sections:
            # (A topic that is a section type of party work, 青年人才 of 人才工作, has
            # that section's material and is not widened by its passages' other words:
            # 科技 beside 青年人才 drafts a 科技创新 speech.)
            # Nothing broader inside its name (绿水青山就是金山银山理念): the field's
            # broad words its few passages use most (生态, 生态环境), never a subject of
            # its own (托育 beside 养老).
            used = Counter(cue for c in naming for key, _ in kept
                           for cue in set(lexicon.cues_within(c.text, key))
                           if len(cue) >= 2 and cue not in words and cue not in lexicon.broad
                           and _BROAD_IDF <= rarity(cue, general=False) < SUBJECT_IDF)
            # Only a word the field says nearly everywhere (生态: a third of 环境's
            # phrases) stands for the field; 教育 and 卫生 beside 一老一小 are subjects of
            # 民生 of their own, however often its few passages name them.
            wider = [cue for cue, n in used.most_common(_WIDER_WORDS)
                     if n >= 2 and bank.naming_share(kept[0][0], [cue]) >= _FIELD_WIDE]
    if thin:
        # A title's second part says what its first asks of the audience (发扬“三牛”
        # 精神，在新征程上担当作为): when the first is barely in the bank, the second's
        # own words draft it.
        wider += [w for part in assignment.also if part not in assignment.joint
                  for w in content_words(part)
                  if rarity(w, general=False) >= _PART_IDF and not _PART_STOP_RE.match(w)
                  and not w.startswith("第") and w not in words and w not in wider]
        words += [w for w in wider if not _PLACE_WORD_RE.match(w)]
    quoted = [name for name in dict.fromkeys(names) if not GENERIC_TAIL_RE.fullmatch(name)]
    # A quoted name the subject goes on from with a rare word of its own names a kind of
    # that thing (“小切口”立法 is 立法, done small): the thing and the two as one are the
    # words, not the quote alone, which drew 小切口、大民生 passages on 托育 and 停车 into
    # an article on local legislation (judge 128: 8 foreign).  (经验 of “千万工程”经验 or
    # 改革 of “高效办成一件事”改革 is no such word: the quote is what it is about.)
    qualified = []
    for name in quoted:
        after = subject.split(name, 1)[1].translate(NO_QUOTES)
        head = next(iter(content_words(after[:6])), "")
        if (head and after.startswith(head) and rarity(head, general=False) >= SUBJECT_IDF
                and not GENERIC_TAIL_RE.fullmatch(head)):
            qualified.append((name, head))
    if qualified:
        quoted = [w for name, head in qualified for w in (name + head, head)] + [
            name for name in quoted if name not in dict(qualified)]
        words = [w for w in words if w not in dict(qualified)]
    if quoted:
        # A name the title quotes is what it is about (重大项目“邻避”问题 is on 邻避): the
        # other words only place it.  Without passages on it the draft is a gap; drawn by
        # 重大项目, it had been a speech on 重大项目谋划.
        # (Words a thin topic was widened by from the title's further parts stay: 担当作为
        # of 发扬“三牛”精神，在新征程上担当作为.)
        widened = [w for w in words if w not in own_words and w not in subject]
        own_words = [*quoted, *(w for w in own_words
                                if w not in quoted and any(q in w for q in quoted))]
        words = [*own_words, *widened]
    if words == [subject] and len(subject) > 4:
        # Read as nothing but its whole name, a topic is named by the long words of its
        # name the speech table knows as a subject's, if less rare than a part must be
        # (市场准入 of 破除市场准入壁垒, 5.2: its 研讨发言 had been all gaps, judge 103);
        # not by what is done (排查整治 of 入河排污口排查整治).
        long_words = [w for w in content_words(_QUOTED_RE.sub("", subject))
                      if len(w) >= 4 and rarity(w, general=False) >= SUBJECT_IDF
                      and not _PART_STOP_RE.match(w) and not GENERIC_TAIL_RE.fullmatch(w)
                      and not _ACTION_WORD_RE.search(w) and not HOW_ONLY_RE.search(w)
                      # (Nor those it is done among: 党员干部 of 党员干部担当作为 had
                      # drawn a lecture on 谨言慎行 and 政德, judge 121.)
                      and not _PLACE_WORD_RE.match(w)]
        words += long_words
        own_words += long_words
    if (book := _BOOK_RE.search(subject)) and subject.endswith(book.group()) and not (
            _RULES_TITLE_RE.fullmatch(book.group())):
        # A book studied (研读《摆脱贫困》, 学习毛泽东《论十大关系》) is named by its title,
        # not by the words in it (脱贫 would draw every 脱贫攻坚 passage), nor by its
        # author's name before it: the whole subject had been the topic's only word, and
        # the 党课 drafted empty beside passages on 《论十大关系》 (judge 104).  A body of
        # rules is read by what it governs (see read_assignment).
        words = own_words = [book.group(1)]
    result = Topic(topic, subject, shape, task, kept or [(GENERAL_DOMAIN, 1.0)],
                   words=words, widened=[w for w in words if w not in own_words],
                   secondary=[w.translate(NO_QUOTES) for w in secondary
                              if w.translate(NO_QUOTES) in own_words])
    result.sections = sections
    result.thin = thin
    spans = sorted((subject.find(w), w) for w in result.widened if w in subject)
    result.widened_jointly = any(
        _JOINED_PARTS_RE.search(subject[at + len(word):after])
        for (at, word), (after, _) in pairwise(spans))
    if kept:
        # The share of the field a topic's words name moves as the bank grows (安全生产
        # fell from 0.22 to 0.17 when 网络安全 and 校园安全 came in); a field's names do not.
        names = getattr(lexicon.taxonomy.types.get(kept[0][0]), "names", [])
        result.names_field = subject in names or task in names or any(w in names for w in own_words)
    if bank is not None and result.placed:
        # Terms and the field's share by the topic's own words: a word it was widened
        # by (文化) names far more than the topic (文化传承发展 is not all of 文化).
        related = _related_terms(bank, result)
        # (Not by a word that only narrows a longer one of the topic: 生态 of 生态产品
        # names a third of 生态环境, and had made 生态产品价值实现 the whole field, its
        # drafts all 环保督察 and 生态修复: judges 82 and 84.)
        own = result.own_words
        result.field_share = bank.naming_share(result.domain_keys[0], [
            *(w for w in own if not any(_narrows(w, o) for o in own)),
            *related])
        # A term that names another subject outright (生育 and 育儿 beside 就业, 托育
        # beside 养老) is that subject's, however often the bank puts the two together:
        # it measures how much of the field the topic covers, but does not name the topic.
        named = " ".join([subject, *result.own_words])
        result.terms = [term for term in related
                        if not any(cue not in named for cue in subject_words(lexicon, term))]
    return result


_KIND_SHARE = 0.7  # of a head's uses in the bank, those naming a kind of it (文化遗产)
# jieba's tags of nouns: common, person, place, organisation, other proper, morpheme.
_NOUN_TAGS = frozenset({"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "ng"})


def _field_goal(subject: str, kept: list[tuple[str, float]], lexicon) -> str | None:
    """The generic tail a subject names its whole field by, when what the tail qualifies
    is that field's own name and the tail one of its cue words (高质量发展 of 经济高质量
    发展), else None."""
    tail = GENERIC_TAIL_RE.search(subject)
    if not kept or not tail or not tail.start():
        return None
    field = lexicon.taxonomy.types.get(kept[0][0])
    if subject[:tail.start()] in getattr(field, "names", []) and lexicon.cues_in(
            tail.group(), kept[0][0]) == [tail.group()]:
        return tail.group()
    return None


def _said_apart(word: str, subject: str, bank) -> bool:
    """Whether a name cut from the subject is said by the speech table or the bank other
    than inside the subject whole: one nobody says (危险废物规范化环境, peeled off 危险废物
    规范化环境管理) holds no name a join finds inside it."""
    from drafter.text.terms import speech_idf

    return bank is None or word in speech_idf() or any(
        subject not in c.text for c in bank.naming([word], limit=_PEELED_SAID))


def _joined_names(subject: str, words: list[str], bank) -> list[str]:
    """Two words of the speech table the topic says one after the other that the bank
    says as one name, often (危险 and 废物 of 危险废物规范化环境管理, 生物 and 多样性 of
    生物多样性保护): the name is the topic's word.  The speech table lacks 危险废物 (the
    archive's speeches never say it), and the topic had been read without it, its draft
    all gaps beside 60 passages on it (judge 103).  Not a verb's object (壮大新型农村), nor
    a join cut across a word already taken (防止返贫动态 of 动态监测), nor what is done
    (专项整治, 排查整治, 深度融合: any subject's), nor one qualifying a word of the topic
    after it (儿童青少年 of 儿童青少年近视防控: whose 近视; 规范化 says how)."""
    from drafter.text.terms import content_words

    # (Words general Chinese knows that the speech table lacks count too: 住宿 and 餐饮.)
    spans = sorted({(subject.find(w), w) for w in (*content_words(subject), *_unseen_words(subject))
                    if w in subject})
    found = []
    for (at, first), (then, second) in pairwise(spans):
        joined = first + second
        if (at + len(first) != then or _DOING_RE.match(joined) or joined in words
                or HOW_ONLY_RE.fullmatch(first) or HOW_ONLY_RE.fullmatch(second)
                or _ACTION_WORD_RE.fullmatch(second)
                or _SUBJECT_TAIL_RE.fullmatch(joined)
                or any(subject.startswith(w, then + len(second)) for w in words
                       if w != subject and not w.endswith("化"))
                or any(joined in w for w in words
                       if w != subject and _said_apart(w, subject, bank))
                or _crosses(joined, words, subject)):
            continue
        if len(bank.naming([joined], limit=_JOINED_NAMED)) >= _JOINED_NAMED:
            found.append(joined)
    # A word that only qualifies (户外, 民营) names nothing alone: with the words after it
    # that the bank says with it, it is a name (户外广告招牌 of 户外广告招牌设施安全整治).
    # (Only one the topic was read by: 中小 of 中小学校 is inside a word already.)
    for word in QUALIFYING_ONLY.intersection(words):
        at = subject.find(word)
        end = at + len(word)
        while at >= 0 and end + 2 <= len(subject):
            added = subject[end:end + 2]
            if (not re.fullmatch(f"[{CJK}]+", added) or HOW_ONLY_RE.fullmatch(added)
                    or _ACTION_WORD_RE.fullmatch(added) or added.endswith("化")
                    or _SUBJECT_TAIL_RE.fullmatch(added) or _cut_through_word(subject, end + 2)
                    or len(bank.naming([subject[at:end + 2]], limit=_JOINED_NAMED))
                    < _JOINED_NAMED):
                break
            end += 2
        if at >= 0 and end > at + len(word) and subject[at:end] not in words:
            found.append(subject[at:end])
    return found


# What a name ends on when it names the place of a thing (水源地, 保护区, 集散点): a
# place of its own, whose stem (水源) says other things.
_PLACE_ENDS = "地区点站场园港库"


def _cut_short(subject: str, words: list[str], bank) -> dict[str, str]:
    """The two-character words of the topic that stand, each time the topic says them,
    one character short of a name the bank says often and a longer word of the topic
    holds (水源 of 水源地 in 饮用水水源地保护), with that name: a stem cut short, whose
    passages are other things' (水源充足, 南水北调水源区), where the name's are the
    topic's (水源地规范化建设).  Not one before a generic tail (作风 of 作风建设)."""
    from drafter.text.wordtags import dictionary_words

    out = {}
    for word in words:
        at = subject.find(word)
        if len(word) != 2 or at < 0 or subject.count(word) > 1 or at + 3 > len(subject):
            continue
        longer = subject[at:at + 3]
        rest = subject[at + 2:]
        # (A word of general Chinese, not any three characters the bank says: 涉企行 of
        # 涉企行政检查 is in every passage on it.)
        if (re.fullmatch(f"[{CJK}]+", longer) and longer not in words
                and longer in dictionary_words() and longer[-1] in _PLACE_ENDS
                and not _SUBJECT_TAIL_RE.match(rest) and not GENERIC_TAIL_RE.match(rest)
                and not HOW_ONLY_RE.match(rest) and not _ACTION_WORD_RE.match(rest)
                and any(longer in w for w in words if w != subject and len(w) > 3)
                and len(bank.naming([longer], limit=_JOINED_NAMED)) >= _JOINED_NAMED):
            out[word] = longer
    return out


def _cut_through_word(text: str, at: int) -> bool:
    """Whether ``text`` is cut at ``at`` inside a word of the speech table (少年|近视 of
    青少年近视 is not, 青少|年 is)."""
    from drafter.text.terms import content_words

    for word in content_words(text):
        start = text.find(word)
        if start < at < start + len(word):
            return True
    return False


_PEELED_SAID = 5  # phrases looked at for one saying a peeled name outside the whole
_JOINED_NAMED = 8  # phrases saying a joined name: fewer may be one passage's chance cut


def _sibling_head(word: str, words: list[str], bank) -> bool:
    """Whether a word of the topic is the head of a longer word of it (遗产 of 工业遗产)
    that the bank says mostly of other things (灌溉工程遗产, 非物质文化遗产): a passage
    on those is a sibling subject's, not the topic's."""
    longer = [w for w in words if w != word and w.endswith(word)]
    if not longer:
        return False
    said = [c.text for c in bank.naming([word], limit=200)
            if not any(w in c.text for w in longer)]
    if len(said) < 20:
        return False
    # Said as a kind of it (文化遗产, 灌溉工程遗产: a noun before it, or one word with it),
    # not of the thing itself (抓党建, 以党建引领 of 机关党建: a parent, not a sibling).
    # Read off jieba's dictionary without its segmenter: a draft does not wait for it.
    from drafter.text.wordtags import dictionary_words, word_before, words_tagged

    words_known, nouns = dictionary_words(), words_tagged(_NOUN_TAGS)
    kinds = uses = 0
    for text in said:
        for found in re.finditer(re.escape(word), text):
            at, end = found.start(), found.end()
            if _cut_through(text, at, end, words_known):
                continue  # not the word here (遗产 of 非遗产品, cut 非遗/产品)
            uses += 1
            glued = any(text[at - size:end] in words_known for size in (1, 2, 3) if at >= size)
            kinds += glued or word_before(text, at) in nouns
    return uses > 0 and kinds > _KIND_SHARE * uses


def _cut_through(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether a word of ``words`` runs into ``text[start:end]`` from either side and
    stops inside it: a segmenter would not cut the span out as one word there."""
    inside = range(start + 1, end)
    return (any(text[start - k:cut] in words for k in (1, 2, 3) if start >= k for cut in inside)
            or any(text[cut:end + k] in words for k in (1, 2, 3) if end + k <= len(text)
                   for cut in inside))


def rare_word_before(text: str, at: int, own: str = "") -> bool:
    """Whether the two characters before ``text[at:]`` are a word of speech rare enough to
    name a subject (矿山, 防灾, 普查; not 推进, 做好 or 城市) that ``own`` lacks: the word
    there is then another subject's compound (科技成果转化, 气象防灾减灾).  Read off the
    speech table, without a segmenter: a draft does not wait for jieba."""
    from drafter.text.terms import speech_idf

    before = text[at - 2:at] if at >= 2 else ""
    return bool(before) and before not in own and speech_idf().get(before, 0.0) >= SUBJECT_IDF


def other_field_word_before(text: str, at: int, own: str = "") -> bool:
    """Whether the two characters before ``text[at:]`` are a word general Chinese uses
    every day (jieba's IDF under 8: 演出 6.8) and official speech does not (not in
    three paragraphs of the speech table), not one of ``own``: a word of another field,
    so what follows is that field's kind of it (演出 of 演出市场监管).  A word rare in
    both (开好 11.0, 厘清 10.2, of 开好民主生活会, 厘清生态环境保护责任清单) is more
    often a verb taking it as object; two characters that are no word (进演) say
    nothing."""
    from drafter.text.terms import general_idf, speech_idf

    before = text[at - 2:at] if at >= 2 else ""
    if not before or before in own or before in speech_idf():
        return False
    general = general_idf().get(before)
    return general is not None and general < _EVERYDAY_GENERAL_IDF


_EVERYDAY_GENERAL_IDF = 8.0  # (jieba's own line between common and rare words of two)


# Parts of speech of a noun that names a kind of what follows it (农业, 世界, 城市).
_KIND_TAGS = frozenset({"n", "ns", "nz", "nt"})


def kind_named_before(text: str, at: int, own: str = "") -> bool:
    """Whether the two characters before ``text[at:]`` are a noun, not one of ``own``:
    what follows is then a kind of it (农业文化遗产, 非物质文化遗产), where a verb
    (保护文化遗产) or nothing leaves it itself."""
    from drafter.text.wordtags import words_tagged  # (read without importing jieba)

    before = text[at - 2:at] if at >= 2 else ""
    return bool(before) and before not in own and before in words_tagged(_KIND_TAGS)


def converted_kind_before(text: str, at: int, word: str, own: str = "") -> bool:
    """Whether ``word`` at ``text[at:]`` is read as a clause that turns one thing into
    another (学习成果转化为…, 理论成果转化为…): it ends on a verb, 为 or 成 follows, and
    the two characters before it are a word of their own, neither a verb pushing the
    work on (推动成果转化为…) nor how ``own`` says it (科技成果转化为…).  What is turned
    into something is then that word's kind of thing (学习成果), not the topic's: judge
    U read a 宣传思想文化 passage on study in a 推动科技成果转化 研讨发言."""
    from drafter.text.wordtags import dictionary_words, words_tagged

    end = at + len(word)
    if at < 2 or text[end:end + 1] not in ("为", "成") or word[-2:] not in words_tagged(VERB_TAGS):
        return False
    before = text[at - 2:at]
    return (before in dictionary_words() and before not in own
            and not LIGHT_VERB_RE.fullmatch(before) and not TOPIC_VERB_RE.fullmatch(before))


# Single characters that sort a thing into a kind when they stand alone before it (茶 of
# 茶文旅, 农 of 农文旅: jieba tags 农 a morpheme, zg); no level of government (全市文旅
# is the city's).
_KIND_CHAR_TAGS = frozenset({"n", "zg"})
_LEVEL_CHARS = frozenset("国省市县区州乡镇村街")
VERB_TAGS = frozenset({"v", "vn"})  # jieba's verbs and verbal nouns


def kind_char_before(text: str, at: int, own: str = "") -> bool:
    """Whether the character before ``text[at:]`` is a noun standing alone between a
    verb and it (推动茶文旅, 推进农文旅; not 深化文旅, 全市文旅, 县域文旅, nor 抓实审计,
    whose 抓实 the dictionary lacks), and not how ``own`` says it: what follows is then
    one kind of it (a 茶文旅 head in an article on 文旅深度融合 was read as tea country's,
    judge 182)."""
    from drafter.text.wordtags import dictionary_words, words_tagged

    if at < 3:
        return False
    char = text[at - 1]
    words = dictionary_words()
    return (char not in _LEVEL_CHARS and char in words_tagged(_KIND_CHAR_TAGS)
            and text[at - 3:at - 1] in words_tagged(VERB_TAGS)
            and text[at - 1:at + 2] not in own
            and not any(text[start:at] in words for start in range(max(0, at - 4), at - 1)))


def _narrowed(text: str, at: int) -> bool:
    """Whether the two characters before ``text[at:]`` are a rare word, of speech or of
    the general dictionary (集邮 of 集邮市场; not 近平 of 习近平文化思想, no word)."""
    from drafter.text.terms import general_idf, rarity

    before = text[at - 2:at] if at >= 2 else ""
    return rare_word_before(text, at) or (
        before in general_idf() and rarity(before) >= SUBJECT_IDF)


def _narrowed_by_four(text: str, at: int) -> bool:
    """Whether the four characters before ``text[at:]`` are a word of speech rare enough
    to name a subject (生态保护 of 生态保护补偿: 补偿 alone had drawn passages on 亚洲象
    and 野猪 损失补偿 into an article on 生态保护补偿机制, judge 105)."""
    from drafter.text.terms import speech_idf

    return at >= 4 and speech_idf().get(text[at - 4:at], 0.0) >= SUBJECT_IDF


def rare_word_after(text: str, at: int) -> bool:
    """Whether the two characters from ``text[at]`` on are a rare word, of speech or of
    the general dictionary (赌博 of 跨境赌博, after 跨境; not 工作)."""
    return len(text) >= at + 2 and _narrowed(text, at + 2)


def _broader_than_its_industry(word: str, words: list[str], bank) -> bool:
    """Whether ``word`` is a field the topic names the industry of (体育 of 体育产业) and
    the bank says that industry in few of the passages saying the word: the field alone
    is its 事业 as much (全民健身, 公共文化服务), no part of the topic.  Not 食用菌 of
    食用菌产业, which the bank seldom says otherwise."""
    industry = word + "产业"
    if industry not in words:
        return False
    said = len(bank.naming([word], limit=_INDUSTRY_LOOKED_AT))
    return len(bank.naming([industry], limit=_INDUSTRY_LOOKED_AT)) * _INDUSTRY_FEW < said


# How many passages saying a field's word are counted, and how many times fewer of them
# may say its industry for the word to be broader (the bundled bank: 体育 619 and 体育产业
# 21, 文化 3,405 and 80; 食用菌 22 and 10, 茶 123 and 25).
_INDUSTRY_LOOKED_AT = 400
_INDUSTRY_FEW = 10


def _qualifies(word: str, words: list[str], subject: str) -> bool:
    """Whether ``word`` only qualifies another of the topic's ``words``: a word far rarer
    than it stands next to it in the topic, within a word's distance (医疗 beside 基金监管,
    综合利用 beside 盐碱地, 森林 beside 资源管理; not 外贸 beside 稳增长 or 党建 beside
    商务楼宇, nor the two words of 燃气管道, equally rare).  Words of two parts the topic
    joins (安全生产和消防) qualify neither.  A word that can only qualify another (民营,
    公共, 地下: 区别词 and 处所词) does, unless the two make a word the speech table knows
    (民营经济)."""
    from drafter.text.terms import rarity, speech_idf

    own = rarity(word, general=False)
    at = subject.find(word)
    if word in QUALIFYING_ONLY and at >= 0 and not any(
            subject[at:end] in speech_idf() for end in range(at + len(word) + 1,
                                                             len(subject) + 1)):
        return True  # 民营 of 民营医院
    # (A short name stands where its full name is: 医保 of 医疗保障基金监管.)
    said = next((full for full, short in _SHORT_NAMES.items()
                 if short == word and full in subject), word)
    at = subject.find(said)
    if at < 0:
        return False
    for other in words:
        if other == word or other in word or word in other:
            continue
        there = subject.find(other)
        if there < 0 or (at < there + len(other) and there < at + len(said)):
            continue  # (not there, or read across it: 党的政治 of 党的政治建设)
        between = subject[at + len(said):there] if there > at else subject[there + len(other):at]
        if (len(between) <= _QUALIFIER_GAP and not _JOINED_PARTS_RE.search(between)
                and rarity(other, general=False) >= own + _QUALIFIER_RARER):
            return True
    return False


_QUALIFIER_RARER = 1.5
_SPECIFIC_IDF = 7.0  # a word of four characters this rare names a thing of its own
_NAMED_THOUGHT_RE = re.compile(r"(?:习近平|毛泽东|邓小平)[^，。；]{0,16}?(?:思想|理论|重要论述|"
                               r"重要讲话|重要指示)|重要思想|科学发展观")
_BIRTH_RE = re.compile(r"(?P<person>.{2,8}?)(?:同志)?诞辰")
_FOUNDING_RE = re.compile(r"(?:中华人民共和国|新中国)成立")
# A person named as a comrade (张富清同志, 廖俊波同志).
_COMRADE_RE = re.compile(f"(?P<name>[{CJK}]{{2,3}}?)同志")
_DEEDS_RE = re.compile(f"(?:学习|弘扬|宣传)(?P<names>[{CJK}·、]{{2,16}}?)(?:同志|姐妹|兄弟|等同志)?"
                       "(?:先进|英雄|感人)?事迹")
_TITLE_HELD_RE = re.compile("优秀|获得者|楷模|人物|群体|最美|英雄群体|模范|先进个人|党员|干部|书记")
# A head this common is another subject's too when a rare word narrows it (登记 5.96 of
# 不动产登记: 婚姻登记); a rarer one is a subject of its own (商会 7.1 of 行业协会商会).
_NARROWED_HEAD_IDF = 6.5
_NEGATED_KIND_RE = re.compile(f"非[{CJK}]{{1,2}}$")  # 非物质 of 非物质文化遗产, 非公 of 非公经济
# Words that only ever qualify another (jieba tags them b, 区别词, or s, 处所词): alone they
# name nothing.
QUALIFYING_ONLY = frozenset({"民营", "国有", "公共", "私营", "公立", "公办", "民办", "非公",
                             "新型", "普通", "地下", "涉外", "营利性", "非营利性", "中小", "小微",
                             "境外", "境内",
                             # (户外 of 户外广告招牌 had drawn 户外劳动者's 送清凉.)
                             "户外", "室外", "室内"})
_QUALIFIER_GAP = 2
_JOINED_PARTS_RE = re.compile(r"[和与及、，,\s　]")


# The level a 强X goal is set at (质量强县, 人才强市, 教育强省): the same goal at any level.
_STRONG_LEVEL_RE = re.compile(r"(?<=强)[省市县区镇]")
# What a name says in brackets (乡镇（街道）工作): an aside, not the subject.
_BRACKETED_RE = re.compile(r"（[^（）]{1,8}）|\([^()]{1,8}\)")


@lru_cache(maxsize=65536)  # (asked some 20,000 times a draft, of a few thousand names)
def name_key(name: str) -> str:
    """A subject's name as two names of one subject both read: short names for full ones
    (非物质文化遗产保护 is 非遗保护), one level for a 强X goal (质量强县 is 质量强市's
    subject), no aside in brackets (乡镇（街道）工作 is 乡镇工作)."""
    name = _BRACKETED_RE.sub("", name)
    for full, short in _SHORT_NAMES.items():
        name = name.replace(full, short)
    return _STRONG_LEVEL_RE.sub("市", name)


def with_short_names(text: str) -> str:
    """``text`` and the short names of the full ones it says (医疗保障 → 医保), for
    telling whether a word is one of the text's own."""
    return " ".join([text, *(short for full, short in _SHORT_NAMES.items() if full in text)])


# What is done to a thing that a name often says with it (技术改造, 设备更新, 数字化转型).
_DONE_TO_RE = re.compile(r"改造|转型|更新|升级")
_DONE_TO_NAMED = 10  # phrases of the bank that must say the two as one name


def _done_to(subject: str, bank) -> list[str]:
    """The names in ``subject`` of a thing and what is done to it (智能化改造, 设备更新),
    the thing a word of the speech table (智能化 is 智能 made so) and the two said
    together by at least a few of ``bank``'s phrases: the longest thing for each doing."""
    from drafter.text.terms import speech_idf

    table = speech_idf()
    found = []
    for done in _DONE_TO_RE.finditer(subject):
        at = done.start()
        if HOW_ONLY_RE.match(subject, done.end()):
            continue  # (one doing of two said as one: 转型升级 of 传统产业转型升级)
        for size in (4, 3, 2):
            thing = subject[max(0, at - size):at]
            if (len(thing) < size or _JOINED_PARTS_RE.search(thing)
                    or HOW_ONLY_RE.fullmatch(thing)
                    or not (thing in table or (thing.endswith("化") and thing[:-1] in table))):
                continue
            joined = thing + done.group()
            if len(bank.naming([joined], limit=_DONE_TO_NAMED)) >= _DONE_TO_NAMED:
                found.append(joined)
                break
    return found


def _piece_of_another(word: str, words: list[str]) -> bool:
    """Whether a two-character ``word`` stands only inside another of ``words``, neither
    beginning nor ending it (工商 of 个体工商户; 国家安全 of 总体国家安全观 is longer)."""
    return len(word) == 2 and any(
        word in o[1:-1] and not o.startswith(word) and not o.endswith(word)
        for o in words if o != word) and not any(
        o != word and (o.startswith(word) or o.endswith(word)) for o in words)


_LEXICONS: dict[int, tuple[object, object]] = {}


def domain_lexicon(bank=None):
    """The cue lexicon of ``bank``'s domains (the bundled ones without a bank)."""
    from drafter.bank.taxonomy import load_domains

    return lexicon_of(load_domains(bank.path if bank is not None else None))


# A word the speech table lacks names a subject when few of the bank's phrases say it
# (秸秆禁烧 7 of them).
_NEW_WORD_PHRASES = 40
_NEW_WORD_SHARE = 1000  # …or one in this many of them, in a larger bank (56 of 56,000)


HOW_ONLY_RE = re.compile(r"(?:规范|依法|科学|精细化?|发展|壮大|提质|增效|提升|转型|升级|改造|更新|"
                          r"创新|高质量|管理|治理|服务|监管|建设|保障|整治|推进|促进|优化|帮扶|关怀|"
                          r"关爱|扶持|扶助|支持|管护|对照|稳增长|保增长|稳规模|优结构|扩规模|上台阶|"
                          # (保供 of 生猪稳产保供: 能源保供 is another subject's, judge 84.)
                          r"稳产|保供|稳价|保质|稳产保供|保供稳价|"
                          r"综合整治|专项整治|专项治理)+")
_HOW_TAIL_RE = re.compile("(?:" + HOW_ONLY_RE.pattern + ")$")
_WATCHING = "监测|检测|预警"  # what is done to watch a thing (see understand)
_ACTION_WORD_RE = re.compile(r"监管|管理|治理|服务|保障|整治|监督|执法|改革|防控|防治|"
                             r"安置|帮教|处分|"
                             # (审核 of 合法性审核: 网格事项准入审核 is another subject.)
                             r"审核|审查|审批|备案|检查|考核|评估|督查|"
                             # (监测 of 生态环境监测: 财政运行监测, 基本药物监测 and 鸟类监测
                             # had filled an article on it, judge 111.)
                             + _WATCHING)
# What is done to a thing, or how, named after it: the thing is what the topic is
# about (see _known_tail).
_DOING_TAIL_RE = re.compile(f"(?:{HOW_ONLY_RE.pattern}|{_ACTION_WORD_RE.pattern}|"
                            r"融合|协同|联动|一体化|互动|共建|共享|合作|协作|开放)+")
_WATCHING_RE = re.compile(f"(?:{_WATCHING})+")
_DOING_RE = re.compile(LIGHT_VERB_RE.pattern + "|" + TOPIC_VERB_RE.pattern + r"|做[强优大实细精]")


_LIST_WORD_RE = re.compile(r"^(?:等|和|及|与|以及)")


def _names_missed(subject: str, words: list[str], bank) -> list[tuple[str, list[str]]]:
    """Names in ``subject`` that none of ``words`` covers and that stand just before one
    of them, with the words they qualify: a stretch of three characters or more that the
    bank says, but seldom (a pest, a plant, a project's name; not 领导干部)."""
    if not words:
        return []
    covered = _alternation(words)
    found = []
    for piece in re.finditer(f"[{CJK}]{{3,}}", covered.sub("，", subject)):
        # (A list's 等 or a joining word is no part of a name: 等青年群体 is 青年群体.)
        name = _LIST_WORD_RE.sub("", piece.group())
        if len(name) < 3:
            continue
        after = subject.find(name) + len(name)
        # (What is done about it, 疫情防控 of 松材线虫病疫情防控; not what it is about,
        # 就业 of 青年群体就业.)
        qualified = [w for w in words if subject.startswith(w, after)
                     and (_ACTION_WORD_RE.search(w) or HOW_ONLY_RE.search(w))]
        if not qualified or any(name in w for w in words) or _DOING_RE.search(name):
            continue  # (做强做优做大 of …数字经济 says what is done, not what about)
        said = len(bank.naming([name], limit=_NEW_WORD_PHRASES + 1))
        if 0 < said <= _NEW_WORD_PHRASES:
            # The qualified words, and those inside them (疫情 of 疫情防控).
            found.append((name, [w for w in words if any(w in q for q in qualified)]))
    return found


def _unseen_words(text: str) -> list[str]:
    """The words of two characters in ``text`` the speech table lacks and the general
    dictionary finds rare, outside every word of two to four characters the speech table
    knows there (not 高质 of 高质量发展)."""
    from drafter.text.terms import rare_general_pairs, speech_idf

    table = speech_idf()
    known = [False] * len(text)
    for size in (4, 3, 2):
        for start in range(len(text) - size + 1):
            if text[start:start + size] in table:
                known[start:start + size] = [True] * size
    unseen = [text[start:start + 2] for start in range(len(text) - 1)
              if not any(known[start:start + 2])]
    if not unseen:
        return []  # (the general table, ~0.1 s to scan, only when there is one to ask)
    rare = rare_general_pairs()
    return [word for word in unseen if word in rare]


def _new_words_in(text: str, bank) -> list[str]:
    """The words of ``bank``'s dictionary in ``text`` that the speech table lacks and few
    phrases say, longest first, none inside a longer one found."""
    if bank is None:
        return []
    found: list[str] = []
    most = None
    for word in _new_words(str(bank.path)):
        if word in text and not any(word in longer for longer in found):
            if most is None:
                # "Few" grows with the bank: a subject written for adds its own tens.
                most = max(_NEW_WORD_PHRASES, len(bank) // _NEW_WORD_SHARE)
            if len(bank.naming([word], limit=most + 1)) <= most:
                found.append(word)
    return found


@lru_cache(maxsize=4)
def _new_words(bank_dir: str) -> tuple[str, ...]:
    """The dictionary's words the speech table lacks that may name a subject, longest
    first (then in order, so that a draft never depends on hash order): read and sorted
    once per bank, not for every topic."""
    from drafter.bank.words import DICTIONARY_FILE, read_dictionary_file
    from drafter.text.terms import speech_idf

    known = speech_idf()
    return tuple(sorted(
        (word for word, (status, _) in read_dictionary_file(
            Path(bank_dir) / DICTIONARY_FILE).items()
         if status != "rejected" and len(word) >= 2 and word not in known
         # A verb (防范化解) or a tail every subject may take (融合发展) is no name.
         and not TOPIC_VERB_RE.match(word) and not LIGHT_VERB_RE.match(word)
         and not _SUBJECT_TAIL_RE.fullmatch(word)),
        key=lambda word: (-len(word), word)))


def _crosses(word: str, words: list[str], text: str) -> bool:
    """Whether ``word`` is a cut across one of ``words`` in ``text`` (青年人 across 人才
    in 青年人才): it overlaps it without either holding the other."""
    start = text.find(word)
    if start < 0:
        return False
    if any(len(piece) == 1 and piece not in "的和与及等" for piece in text.split(word)):
        return True  # it leaves a character stranded (才 of 青年人|才)
    end = start + len(word)
    for other in words:
        at = text.find(other)
        if at < 0 or other in word or word in other:
            continue
        if at < end and start < at + len(other):
            return True
    return False


def _cut_to_tail(word: str, longer: str, subject: str) -> str:
    """What of ``longer`` comes before ``word`` when ``word`` begins inside ``longer`` in
    ``subject`` and goes on past it only by a generic tail (党内政治 of 党内政治|文化建设),
    by a piece of it no rarer than a common word ('' otherwise): 侨务工作 of 新时代侨务|工作
    and 课后服务 of 中小学课后|服务 name the subject."""
    from drafter.text.terms import rarity

    start, at = subject.find(word), subject.find(longer)
    if start < 0 or at < 0 or word in longer or longer in word:
        return ""
    end = at + len(longer)
    if (at < start < end < start + len(word)
            and GENERIC_TAIL_RE.fullmatch(subject[end:start + len(word)])
            and rarity(subject[start:end], general=False) < SUBJECT_IDF):
        return subject[at:start]
    return ""


def _other_field(lexicon, word: str, beside: str) -> bool:
    """Whether ``word`` and ``beside`` each name a field, and no field the same."""
    fields, others = ({k for k, v in lexicon.evidence(text, heading=True).items() if v > 0}
                      for text in (word, beside))
    return bool(fields) and bool(others) and not fields & others


_NOT_A_NAME_EDGE = "和与及的等、，"  # a stretch of a subject opening or ending so is no name
_AROUND_CHARS = 6  # characters a name around a cue adds to it at most (全国 + 城市)


def _name_around(cue: str, subject: str, words: list[str], bank) -> str | None:
    """The longest stretch of ``subject`` around ``cue``, not a word already, that
    ``_FEW_NAMING`` passages of the bank name (文明城市 around 文明 in 创建全国文明城市), or
    None."""
    at = subject.find(cue)
    if at < 0:
        return None
    spans = sorted(((start, end) for start in range(at + 1)
                    for end in range(at + len(cue), len(subject) + 1)
                    if len(cue) < end - start <= len(cue) + _AROUND_CHARS),
                   key=lambda span: span[0] - span[1])
    for start, end in spans:
        span = subject[start:end]
        if (span in words or span[0] in _NOT_A_NAME_EDGE or span[-1] in _NOT_A_NAME_EDGE
                or LIGHT_VERB_RE.match(span) or GENERIC_TAIL_RE.fullmatch(span)
                # (Nor what is done to it or how two subjects meet: 科技融合 of 教育和
                # 科技融合 is no name of 科技.)
                or any(_PART_STOP_RE.match(piece) or not _whole_words(piece)
                       for piece in (subject[start:at], subject[at + len(cue):end])
                       if piece)):
            continue
        if len(bank.naming([span], limit=_FEW_NAMING)) >= _FEW_NAMING:
            return span
    return None


def _whole_words(piece: str) -> bool:
    """Whether ``piece`` is one word of the speech table or two (城市, 全国; not 融 of
    科技融合)."""
    from drafter.text.terms import speech_idf

    table = speech_idf()
    return piece in table or any(piece[:i] in table and piece[i:] in table
                                 for i in range(2, len(piece) - 1))


def _peeled(subject: str) -> list[str]:
    """The subject with its generic tails peeled off one by one (养老服务体系建设 →
    养老服务体系, 养老服务, 养老), each at least two characters."""
    out = []
    while (rest := _SUBJECT_TAIL_RE.sub("", subject)) != subject and len(rest) >= 2:
        subject = rest
        if not rest.endswith(("和", "与", "及", "同")):  # 统筹发展和 of 统筹发展和安全
            out.append(rest)
    return out


def subject_sections(subject: str, bank=None) -> list[str]:
    """The section types that are themselves the subject (基层党组织建设 → 基层组织,
    党的纪律建设 → 纪律廉政): found by their cue words in it that name something (教育 of
    教育强国 is every 学习教育's word, not a subject)."""
    from drafter.bank.taxonomy import load_taxonomy
    from drafter.text.terms import rarity

    lexicon = lexicon_of(load_taxonomy(bank.path if bank is not None else None))
    # One scan over every section's cues, the longest first: 基层 inside 为基层减负 is
    # that 作风 cue's, not a 基层组织 one.
    cues = lexicon.keyed_cues_in(subject)
    found = [(cue, keys) for cue, keys in cues.items()
             if rarity(cue, general=False) >= _SHORT_IDF and cue not in FIGURES
             and not _PART_STOP_RE.match(cue)  # 整改 of 审计整改 is done, not what it is
             and not any(cue != other and cue in other for other in cues)]
    # With the bank, a cue that a section type's own passages seldom say names one
    # practice of it, not the section (巡察 of 巡察整改落实 is said by 3 of the 430
    # 纪律 passages, 纪律 by 18): every passage filed under 纪律 had been on the topic,
    # and a 研讨发言 on 巡察整改 had taken 反腐败斗争形势 and 网络言行 passages (a blind
    # judge, stop 59).
    # (A section of few passages tells nothing by its share: kept by its cue alone.)
    return [key for key in SUBJECT_SECTIONS if any(
        key in keys and (bank is None or bank.filed_under(key, section=True) < _SECTION_TOLD
                         or bank.naming_share(key, [cue], section=True) >= _SECTION_NAMED)
        for cue, keys in found)]


# The share of a section type's passages that must say a cue word for the word to name
# the section itself (the bundled bank: 作风 12.8%, 纪律 4.2%, 廉政 1.4%; 巡察 0.7%,
# 警示教育 0.5%, 发展党员 0.6%), once it holds enough passages for a share to tell (the
# bundled bank's fewest: 180, 基层组织).
_SECTION_NAMED = 0.01
_SECTION_TOLD = 100


def subject_words(lexicon, text: str, domains: list[str] | None = None,
                  least_rarity: float = SUBJECT_IDF) -> list[str]:
    """The cue words of ``domains`` (of every domain when None) in ``text`` that name a
    subject outright (安全生产, 消防, 党建; not 干部 or 农村, which every passage of their
    field says: rare in speech, and not listed as broad).  ``lexicon``: from
    domain_lexicon."""
    from drafter.text.terms import rarity

    wanted = None if domains is None else set(domains) - {GENERAL_DOMAIN}
    return [cue for cue, keys in lexicon.keyed_cues_in(text).items()
            if any(k != GENERAL_DOMAIN and (wanted is None or k in wanted) for k in keys)
            and cue not in lexicon.broad and rarity(cue, general=False) >= least_rarity]


def lexicon_of(domains):
    """The cue lexicon of a taxonomy (of domains or of section types), built once per
    taxonomy (load_domains and load_taxonomy return the same one while its files are
    unchanged; building takes ~20 ms)."""
    from drafter.bank.classify import Lexicon

    kept = _LEXICONS.get(id(domains))
    if kept is None or kept[0] is not domains:
        if len(_LEXICONS) > 8:  # files edited many times in one process
            _LEXICONS.clear()
        kept = _LEXICONS[id(domains)] = (domains, Lexicon(domains))
    return kept[1]


# Cue words that say what is done to a subject, not which field it is of.
_DOING_CUE_RE = re.compile(r"防控|防治|整治|治理|监管|整改")


def _placed_by_doing_only(lexicon, core: str, kept) -> bool:
    """Whether every cue word that placed ``core`` in its domains only says what is done
    (防控), and something is named before it (慢性病)."""
    cues = [cue for key, _ in kept for cue in lexicon.cues_in(core, key)]
    return bool(cues) and all(_DOING_CUE_RE.fullmatch(cue) and core.find(cue) >= 2
                              for cue in cues)


def _domains_from_bank(bank, subject: str) -> list[tuple[str, float]]:
    """The domains of the bank's phrases that contain the subject outright, when at
    least three do and one domain has most of them."""
    counts = Counter(d for d in bank.domains_of_text(subject) if d != GENERAL_DOMAIN)
    total = sum(counts.values())
    if total < 3:
        return []
    key, count = counts.most_common(1)[0]
    return [(key, count / total)] if count / total >= 0.5 else []


def _related_terms(bank, topic: Topic) -> list[str]:
    """Salient words of approved phrases on the topic's subject that share its words,
    by how often they come up times how rare they are in speech."""
    from drafter.bank.mine.specifics import is_role, names_place
    from drafter.text.terms import rarity, speech_idf

    counts: Counter[str] = Counter()
    for terms in bank.terms_about(topic.domain_keys, [topic.subject, *topic.own_words]):
        counts.update(set(terms))
    # A common head a longer word of the topic ends with (工资 of 农民工工资) finds
    # passages on another subject (教师工资): a term must also come with the topic's
    # other words (欠薪 does, 教育支出 does not).
    # (Or a rarer word narrows it in the topic itself: 农民工 of 拖欠农民工工资, once the
    # bank says 农民工工资 too often for it to be a new word of its own.)
    # So does a common word a longer one of the topic opens with (生态 of 生态产品:
    # 生态环境执法, 生态环境部门 had been 生态产品价值实现's terms).
    # And a rare word the topic names a kind of (文化遗产 of 非物质文化遗产: 古道 and 申遗,
    # terms of 文化遗产's other kinds, had been 非遗's: judge 167).
    heads = {w for w in topic.own_words if (rarity(w, general=False) < SUBJECT_IDF
             and (any(o != w and (o.endswith(w) or _narrows(w, o)) for o in topic.own_words)
                  or (topic.subject.find(w) > 0
                      and _narrowed(topic.subject, topic.subject.find(w)))))
             or any(o != w and o.endswith(w) and kind_named_before(o, len(o) - len(w))
                    for o in topic.own_words)}
    vouched = None
    if heads:
        vouched = {term for terms in bank.terms_about(
            topic.domain_keys, [topic.subject, *(w for w in topic.own_words if w not in heads)])
            for term in terms}
    own = set(topic.own_words) | {topic.subject, topic.text}
    kept = [term for term, count in counts.items()
            # (A place is a source's, not a topic's: 晋江 beside 民营经济, judge 152, and
            # 祁连山 beside 森林防火.)
            if count >= 2 and rarity(term, general=False) >= _MIN_TERM_IDF and not is_role(term)
            and not names_place(term)
            # (Nor a string cut across the topic's word: 培育文 of 培育文旅新业态, whose end
            # 育文 is no word.)
            and not (term[-2:] not in speech_idf() and any(
                term.endswith(w[0]) for w in topic.own_words))
            and not _CLAUSE_PIECE_RE.search(term)
            and not ((verb := _opening_verb(term)) and verb.end() >= 2)
            and term not in own and not any(term in w for w in own)
            # (Nor the topic's word with one character of the word before it: 业高质量发展
            # of 产业高质量发展.)
            and not any(len(term) == len(w) + 1 and term.endswith(w) for w in own)
            and (vouched is None or term in vouched)]
    # A term the bank uses everywhere (讲政治, 深刻认识, 觉得) says nothing of this topic:
    # kept only when the topic's phrases carry a good share of all its uses.
    everywhere = bank.term_phrases(kept)
    scored = [(counts[term] * rarity(term, general=False), term) for term in kept
              if counts[term] >= _TERM_LIFT * everywhere.get(term, counts[term])]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [term for _, term in scored[:MAX_TERMS]]
