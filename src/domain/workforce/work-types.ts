/**
 * Work types (工种) as the national construction-worker platform codes them (全国建筑工人管理服务
 * 信息平台 data standard; RULES.md "Real-name registration…": 010…350, 900 for managers). A small
 * table the hub checks against so that a contractor's codes map one to one; a code missing here is
 * refused as that row (UNKNOWN_WORK_TYPE), never stored unchecked.
 */
export const WORK_TYPES: Readonly<Record<string, string>> = {
  '010': '砌筑工',
  '020': '钢筋工',
  '030': '架子工',
  '040': '混凝土工',
  '050': '模板工',
  '060': '机械设备安装工',
  '070': '通风工',
  '080': '安装起重工',
  '090': '安装钳工',
  '100': '电气设备安装调试工',
  '110': '管道工',
  '120': '变电安装工',
  '130': '电工',
  '140': '司泵工',
  '150': '挖掘铲运和桩工机械司机',
  '160': '桩机操作工',
  '170': '起重信号工',
  '180': '建筑起重机械安装拆卸工',
  '190': '装饰装修工',
  '200': '室内成套设施安装工',
  '210': '建筑门窗幕墙安装工',
  '220': '幕墙制作工',
  '230': '防水工',
  '240': '木工',
  '250': '石工',
  '270': '焊工',
  '280': '爆破工',
  '290': '除尘工',
  '300': '测量放线工',
  '310': '线路架设工',
  '320': '古建筑传统石工',
  '330': '古建筑传统瓦工',
  '340': '古建筑传统彩画工',
  '350': '古建筑传统木工',
  '900': '管理人员',
};

export const MANAGER_WORK_TYPE = '900';

/**
 * Participating-company types of the same standard (参建单位类型): a team belongs to the general
 * contractor (009) or a subcontractor (006 labour, 004 specialist…); only these may field teams.
 */
export const TEAM_CORP_TYPES: Readonly<Record<string, string>> = {
  '004': '专业分包',
  '005': '设备分包',
  '006': '劳务分包',
  '009': '施工总承包',
};
export const GENERAL_CONTRACTOR_CORP_TYPE = '009';
