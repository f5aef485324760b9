/** `thicket predict`: scores a data file with a model and writes the predictions as CSV. */
import type { Command } from 'commander';
import { loadScorer } from '../api/scorer.js';
import { checkOutputs } from '../util/atomic-write.js';
import { secondsSince, writeChunks, type CliIO } from './io.js';
import { quietIO } from './progress.js';
import { readWithSchema } from './model-data.js';
import { csvField, predictionCsv, predictionHeader } from './prediction-csv.js';
import { scoreInBatches, streamsScoring } from './stream-score.js';
import { AppendingFile } from '../util/atomic-write.js';
import type { Scorer } from '../api/scorer.js';
import { nthreadFlag, scoreData } from './score-data.js';

interface PredictFlags {
  quiet?: boolean;
  out?: string;
  delimiter?: string;
  nthread?: string;
}

async function predict(modelPath: string, dataPath: string, flags: PredictFlags, io: CliIO): Promise<void> {
  const nthread = nthreadFlag(flags.nthread);
  if (flags.out !== undefined && flags.out !== '-') checkOutputs([{ path: flags.out, flag: '--out' }], [modelPath, ...(dataPath === '-' ? [] : [dataPath])]);
  const scorer = loadScorer(modelPath);
  if (flags.delimiter === undefined && await streamsScoring(dataPath, scorer)) return predictStreaming(scorer, dataPath, flags, nthread, io);
  const { data, readSeconds } = await readWithSchema(dataPath, scorer.schema, false, io, scorer.prepare, { delimiter: flags.delimiter });
  const start = performance.now();
  const pred = await scoreData(scorer, data, nthread);
  const predictSeconds = secondsSince(start);
  writeChunks(io, predictionCsv(scorer.schema, pred), flags.out, 'the predictions');
  io.stderr(
    `predicted ${data.nRows} rows${flags.out !== undefined && flags.out !== '-' ? ` to ${flags.out}` : ''}: read_seconds ${readSeconds}, predict_seconds ${predictSeconds}\n`,
  );
}

/** Large CSVs: read, predict and write batch by batch (to a temp file renamed at the end with --out). */
async function predictStreaming(scorer: Scorer, dataPath: string, flags: PredictFlags, nthread: number, io: CliIO): Promise<void> {
  const start = performance.now();
  const file = flags.out !== undefined && flags.out !== '-' ? new AppendingFile(flags.out, 'the predictions') : null;
  const write = (text: string) => (file ? file.append(text) : io.stdout(text));
  try {
    const { nRows, predictSeconds } = await scoreInBatches(dataPath, scorer.schema, scorer, nthread, false, io, (_data, pred, batch) => {
      let k = 0;
      for (const text of predictionCsv(scorer.schema, pred)) if (k++ > 0 || batch.firstRow === 0) write(text);
    });
    if (nRows === 0) write(predictionHeader(scorer.schema).map(csvField).join(',') + '\n');
    file?.commit();
    const readSeconds = Number((secondsSince(start) - predictSeconds).toFixed(4));
    io.stderr(`predicted ${nRows} rows${flags.out !== undefined && flags.out !== '-' ? ` to ${flags.out}` : ''}: read_seconds ${readSeconds}, predict_seconds ${predictSeconds}\n`);
  } catch (e) {
    file?.abort();
    throw e;
  }
}

export function registerPredict(program: Command, io: CliIO): void {
  program
    .command('predict')
    .description('predict every row of a data file; CSV with a prediction column (and p_<class> columns)')
    .argument('<model>', 'model file (thicket JSON)')
    .argument('<data>', 'data to score (.csv, .tsv, .csv.gz, .arrow, .parquet; - for standard input); a target column is ignored')
    .option('--out <file.csv>', 'write the CSV here instead of stdout (- for stdout)')
    .option('--delimiter <char>', 'CSV field separator (default , or a tab for .tsv)')
    .option('--nthread <n>', 'threads for large predictions (0: all cores)', '0')
    .option('--quiet', 'only warnings and errors on stderr')
    .action((modelPath: string, dataPath: string, flags: PredictFlags) => predict(modelPath, dataPath, flags, flags.quiet ? quietIO(io) : io));
}
