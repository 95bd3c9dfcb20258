import { Construct } from 'constructs';
import { LoggingMetric } from '@cdktf/provider-google/lib/logging-metric';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
import { ITerraformDependable } from 'cdktf';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';
import { IEndpoint } from './prediction-endpoint';


export interface PlatformDashboardProps {
  readonly project: string;
  /** Prefix of the dashboard's display name and of the log-based metrics' names, e.g. `mlops-dev`. */
  readonly namePrefix: string;
  /** The endpoint whose latency and errors are charted. */
  readonly endpoint: IEndpoint;
  /** The web service whose cache hit rate is charted. @default - no cache chart */
  readonly webService?: { readonly serviceName: string };
  /** The pipeline trigger function whose errors are charted. @default - no trigger chart */
  readonly triggerFunction?: { readonly functionName: string };
  /** The batch prediction workflow whose runs are charted. @default - no batch chart */
  readonly batchPrediction?: { readonly workflowName: string };
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

type Tile = { width: number; height: number; widget: Record<string, unknown> };

const HOUR = '3600s';
const FIVE_MIN = '300s';

function chart(title: string, dataSets: Record<string, unknown>[], yLabel: string): Tile['widget'] {
  return { title, xyChart: { dataSets, yAxis: { label: yLabel, scale: 'LINEAR' } } };
}

function series(filter: string, aligner: string, period: string, groupBy: string[] = [], reducer = 'REDUCE_SUM', plotType = 'LINE') {
  return {
    plotType,
    targetAxis: 'Y1',
    timeSeriesQuery: { timeSeriesFilter: { filter, aggregation: { alignmentPeriod: period, perSeriesAligner: aligner, crossSeriesReducer: reducer, groupByFields: groupBy } } },
  };
}

/**
 * The platform's Cloud Monitoring dashboard, as code: pipeline runs by outcome, model accuracy
 * per run, endpoint latency and error rate, the web service's cache hit rate, trigger function
 * errors and batch prediction runs. Pipeline outcomes, accuracy and cache hits come from
 * log-based metrics created here (Cloud Monitoring has no built-in metric for them):
 *
 * - `<prefix>-pipeline-runs`: PipelineJob state changes to a final state, labelled by state;
 * - `<prefix>-model-accuracy`: the `accuracy` of log lines with `jsonPayload.event="evaluation"`
 *   (the evaluate step must log one per run);
 * - `<prefix>-web-predictions`: the web service's `event: prediction` lines, labelled by cache
 *   outcome (`hit`, `miss`, `partial`, `bypass`).
 *
 * Dashboards and log-based metrics hold configuration, not data: they take no key and have no
 * location.
 */
export class PlatformDashboard extends PlatformConstruct {
  public readonly resource: MonitoringDashboard;
  public readonly pipelineRunsMetric: LoggingMetric;
  public readonly accuracyMetric: LoggingMetric;
  public readonly webPredictionsMetric?: LoggingMetric;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    const who = `PlatformDashboard '${this.node.path}'`;
    if (!/^[a-z][a-z0-9-]{0,40}$/.test(props.namePrefix)) {
      throw new Error(`${who}: namePrefix '${props.namePrefix}' must be lowercase letters, digits and '-', starting with a letter (at most 41), e.g. 'mlops-dev'`);
    }
    const p = props.namePrefix;
    // Names are known at synth: the dashboard JSON names them literally and waits for the metrics to exist.
    const user = (name: string) => `metric.type="logging.googleapis.com/user/${p}-${name}"`;
    this.pipelineRunsMetric = new LoggingMetric(this, 'pipeline-runs', {
      project: props.project,
      name: `${p}-pipeline-runs`,
      description: 'Vertex AI pipeline runs reaching a final state, by state',
      filter: 'resource.type="aiplatform.googleapis.com/PipelineJob" AND jsonPayload.state=~"^PIPELINE_STATE_(SUCCEEDED|FAILED|CANCELLED)$"',
      labelExtractors: { state: 'EXTRACT(jsonPayload.state)' },
      metricDescriptor: { metricKind: 'DELTA', valueType: 'INT64', unit: '1', labels: [{ key: 'state', valueType: 'STRING' }] },
      dependsOn: props.dependsOn,
    });
    this.accuracyMetric = new LoggingMetric(this, 'model-accuracy', {
      project: props.project,
      name: `${p}-model-accuracy`,
      description: 'Test-set accuracy of each pipeline run, from the evaluate step',
      filter: 'jsonPayload.event="evaluation" AND jsonPayload.accuracy>=0',
      valueExtractor: 'EXTRACT(jsonPayload.accuracy)',
      bucketOptions: { linearBuckets: { numFiniteBuckets: 20, width: 0.05, offset: 0 } },
      metricDescriptor: { metricKind: 'DELTA', valueType: 'DISTRIBUTION', unit: '1' },
      dependsOn: props.dependsOn,
    });
    const endpointFilter = `resource.type="aiplatform.googleapis.com/Endpoint" AND resource.labels.endpoint_id="${props.endpoint.endpointId}"`;
    const tiles: Tile[] = [
      {
        width: 6,
        height: 4,
        widget: chart('Pipeline runs by outcome', [series(user('pipeline-runs'), 'ALIGN_DELTA', HOUR, ['metric.label.state'], 'REDUCE_SUM', 'STACKED_BAR')], 'runs per hour'),
      },
      { width: 6, height: 4, widget: chart('Model accuracy per run', [series(user('model-accuracy'), 'ALIGN_PERCENTILE_50', HOUR, [], 'REDUCE_MEAN')], 'accuracy') },
      {
        width: 6,
        height: 4,
        widget: chart(
          'Endpoint latency (p50, p99)',
          [
            series(`metric.type="aiplatform.googleapis.com/prediction/online/prediction_latencies" AND ${endpointFilter}`, 'ALIGN_PERCENTILE_50', FIVE_MIN, [], 'REDUCE_MAX'),
            series(`metric.type="aiplatform.googleapis.com/prediction/online/prediction_latencies" AND ${endpointFilter}`, 'ALIGN_PERCENTILE_99', FIVE_MIN, [], 'REDUCE_MAX'),
          ],
          'ms',
        ),
      },
      {
        width: 6,
        height: 4,
        widget: {
          title: 'Endpoint error rate',
          xyChart: {
            dataSets: [
              {
                plotType: 'LINE',
                targetAxis: 'Y1',
                timeSeriesQuery: {
                  timeSeriesFilterRatio: {
                    numerator: { filter: `metric.type="aiplatform.googleapis.com/prediction/online/error_count" AND ${endpointFilter}`, aggregation: { alignmentPeriod: FIVE_MIN, perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_SUM' } },
                    denominator: { filter: `metric.type="aiplatform.googleapis.com/prediction/online/prediction_count" AND ${endpointFilter}`, aggregation: { alignmentPeriod: FIVE_MIN, perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_SUM' } },
                  },
                },
              },
            ],
            yAxis: { label: 'share of predictions', scale: 'LINEAR' },
          },
        },
      },
    ];
    if (props.webService) {
      this.webPredictionsMetric = new LoggingMetric(this, 'web-predictions', {
        project: props.project,
        name: `${p}-web-predictions`,
        description: 'Web prediction service requests, by cache outcome',
        filter: `resource.type="cloud_run_revision" AND resource.labels.service_name="${props.webService.serviceName}" AND jsonPayload.event="prediction"`,
        labelExtractors: { cache: 'EXTRACT(jsonPayload.cache)' },
        metricDescriptor: { metricKind: 'DELTA', valueType: 'INT64', unit: '1', labels: [{ key: 'cache', valueType: 'STRING' }] },
        dependsOn: props.dependsOn,
      });
      const web = user('web-predictions');
      const agg = { alignmentPeriod: FIVE_MIN, perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_SUM' };
      tiles.push({
        width: 6,
        height: 4,
        widget: {
          title: 'Web service cache hit rate',
          xyChart: {
            dataSets: [{ plotType: 'LINE', targetAxis: 'Y1', timeSeriesQuery: { timeSeriesFilterRatio: { numerator: { filter: `${web} AND metric.label.cache="hit"`, aggregation: agg }, denominator: { filter: web, aggregation: agg } } } }],
            yAxis: { label: 'share of requests answered from the cache', scale: 'LINEAR' },
          },
        },
      });
    }
    if (props.triggerFunction) {
      const fn = props.triggerFunction.functionName;
      tiles.push({
        width: 6,
        height: 4,
        widget: chart(
          'Pipeline trigger errors',
          [series(`metric.type="logging.googleapis.com/log_entry_count" AND metric.label.severity="ERROR" AND resource.type="cloud_run_revision" AND resource.label.service_name="${fn}"`, 'ALIGN_DELTA', FIVE_MIN, [], 'REDUCE_SUM', 'STACKED_BAR')],
          'errors per 5 min',
        ),
      });
    }
    if (props.batchPrediction) {
      tiles.push({
        width: 6,
        height: 4,
        widget: chart(
          'Batch prediction runs',
          [
            series(
              `metric.type="workflows.googleapis.com/finished_execution_count" AND resource.type="workflows.googleapis.com/Workflow" AND resource.label.workflow_id="${props.batchPrediction.workflowName}"`,
              'ALIGN_DELTA',
              HOUR,
              ['metric.label.status'],
              'REDUCE_SUM',
              'STACKED_BAR',
            ),
          ],
          'runs per hour',
        ),
      });
    }
    // Two tiles a row on the 12-column grid, in the order above.
    const mosaic = tiles.map((t, i) => ({ xPos: (i % 2) * 6, yPos: Math.floor(i / 2) * 4, width: t.width, height: t.height, widget: t.widget }));
    this.resource = new MonitoringDashboard(this, 'Resource', {
      project: props.project,
      dashboardJson: JSON.stringify({ displayName: `${p} MLOps platform`, mosaicLayout: { columns: 12, tiles: mosaic } }),
      dependsOn: [this.pipelineRunsMetric, this.accuracyMetric, ...(this.webPredictionsMetric ? [this.webPredictionsMetric] : [])],
    });
    libraryMade(this);
  }
}
