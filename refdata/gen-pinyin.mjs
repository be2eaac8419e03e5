// Placeholder until the pinyin table is generated from pinyin-pro (issue 4, in progress).
import { writeFileSync } from 'node:fs';
writeFileSync(process.argv[2], '');
