export { cmbCmbsdkpgk } from './cmb-cmbsdkpgk';
export { icbcCms } from './icbc-cms';
