import { benchDatasets } from './dataset.bench';
import { benchHatCheckpoint } from './hat-checkpoint.bench';
import { benchMatmul } from './matmul.bench';
import { benchModelStats } from './model-stats.bench';
import { benchPredictors } from './predictor.bench';
import { benchSearch } from './search.bench';
import { benchSearchOnModel } from './search-model.bench';
import { benchValidSubset } from './valid-subset.bench';
import { benchValidation } from './validation.bench';

/** `npm run bench`: every benchmark in one run, so ratios compare like with like. */
console.log(`# HAT Explorer benchmarks\n\nnode ${process.version}, ${new Date().toISOString()}`);
await benchDatasets();
await benchModelStats();
await benchMatmul();
await benchSearch();
await benchPredictors();
await benchValidation();
await benchValidSubset();
await benchHatCheckpoint();
await benchSearchOnModel();
