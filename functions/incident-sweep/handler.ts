import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { IncidentStore } from '../../shared/incidents/store';
import { type IncidentAnnouncer, type SweepResult, sweepIncidents } from '../../shared/incidents/sweep';

export interface SweepHandlerDeps {
  incidents: IncidentStore;
  /** Absent without a verdict bus: incidents are still resolved and counted. */
  announce?: IncidentAnnouncer;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
}

/**
 * The scheduled sweep: announce and resolve incidents (shared/incidents/sweep.ts), and report
 * `OpenIncidents` (a gauge for the dashboard), `IncidentsOpened` (what the "opened" alarm
 * watches) and `IncidentsResolved`.
 */
export function createSweepHandler(deps: SweepHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  return middy<unknown, SweepResult>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler(async () => {
      const result = await sweepIncidents(deps.incidents, deps.announce, now());
      deps.metrics.addMetric('OpenIncidents', MetricUnit.Count, result.open);
      deps.metrics.addMetric('IncidentsOpened', MetricUnit.Count, result.opened);
      deps.metrics.addMetric('IncidentsResolved', MetricUnit.Count, result.resolved);
      deps.logger.info('incidents swept', { ...result });
      return result;
    });
}
