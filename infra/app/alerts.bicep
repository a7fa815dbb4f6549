// Operations: who hears when onboarding goes wrong, and the saved queries of its outcomes.
//
// API versions (Bicep resource reference, learn.microsoft.com/azure/templates/...):
//   Microsoft.Insights/actionGroups@2023-01-01              .../microsoft.insights/actiongroups
//   Microsoft.Insights/metricAlerts@2018-03-01              .../microsoft.insights/metricalerts
//   Microsoft.Insights/scheduledQueryRules@2021-08-01       .../microsoft.insights/2021-08-01/scheduledqueryrules
//   Microsoft.OperationalInsights/queryPacks@2019-09-01     .../microsoft.operationalinsights/querypacks
//   Microsoft.OperationalInsights/queryPacks/queries@2019-09-01  .../querypacks/queries
//
// The log queries read the Application Insights `traces` table as the Application Insights Java
// agent fills it (APPLICATIONINSIGHTS_ENABLE_AGENT in app/function.bicep): lakewire's step worker
// logs through Logback with the message's fields in the MDC, which the agent stores as
// customDimensions (workspaceId, step, correlationId, run, generation, requestedBy, outcome;
// dev.lakewire.onboarding.worker.StepLogContext). InfraConsistencyIT checks these names against the code.
param location string
param tags object

@description('Name prefix of the alert resources.')
param namePrefix string

@description('Resource id of the Service Bus namespace whose queues are watched.')
param serviceBusNamespaceId string

// The queues whose dead-letter queues are watched: every queue of ../facts.json (every step queue,
// reprocess and parked), the ones app/servicebus.bicep declares.
var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var queueNames = map(items(facts.queues), q => q.value)

@description('Resource id of the Application Insights component lakewire logs to.')
param applicationInsightsId string

@description('Email address the action group notifies; empty: an action group without receivers (add them in the portal).')
param alertEmail string = ''

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-ops'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'lakewire'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// DeadletteredMessages (Microsoft.ServiceBus/Namespaces, dimension EntityName): one time series
// per queue listed, each alerting on its own as soon as its dead-letter queue holds a message.
// The parked queue's dead letters are lakewire's permanent failures (see README, reprocessing).
resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-dead-lettered'
  location: 'global'
  tags: tags
  properties: {
    description: 'lakewire: a queue\'s dead-letter queue holds messages (parked = permanent onboarding failures; step queues = messages Service Bus gave up on). Replay with POST /api/onboarding/replay once the cause is fixed.'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: queueNames
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// A FAILED onboarding: the step worker's line with outcome FAILED (one alert per workspace).
var failedQuery = '''
traces
| where tostring(customDimensions.outcome) == "FAILED"
| extend workspaceId = tostring(customDimensions.workspaceId), step = tostring(customDimensions.step)
| summarize failures = count() by workspaceId, step
'''

resource failedOnboardings 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = {
  name: '${namePrefix}-onboarding-failed'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'lakewire: onboarding FAILED'
    description: 'A workspace\'s onboarding failed permanently; the ledger (GET /api/onboarding/status?status=FAILED) names the reason the operator can act on.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: failedQuery
          timeAggregation: 'Total'
          metricMeasureColumn: 'failures'
          dimensions: [
            {
              name: 'workspaceId'
              operator: 'Include'
              values: [
                '*'
              ]
            }
            {
              name: 'step'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// Saved queries (Logs → Queries → Query packs) over the same dimensions.
resource queryPack 'Microsoft.OperationalInsights/queryPacks@2019-09-01' = {
  name: '${namePrefix}-queries'
  location: location
  tags: tags
  properties: {}
}

var savedQueries = [
  {
    id: guid(namePrefix, 'outcomes')
    displayName: 'lakewire: onboarding outcomes per step and hour'
    description: 'How step messages ended (ADVANCED, COMPLETED, WAITING, FAILED, STALE), per step and hour.'
    body: '''
traces
| where isnotempty(tostring(customDimensions.outcome))
| extend outcome = tostring(customDimensions.outcome), step = tostring(customDimensions.step)
| summarize messages = count() by bin(timestamp, 1h), step, outcome
| order by timestamp desc
'''
  }
  {
    id: guid(namePrefix, 'failed')
    displayName: 'lakewire: failed onboardings'
    description: 'Every FAILED step with its workspace, correlation id, run and reason.'
    body: '''
traces
| where tostring(customDimensions.outcome) == "FAILED"
| project timestamp, workspaceId = tostring(customDimensions.workspaceId), step = tostring(customDimensions.step), correlationId = tostring(customDimensions.correlationId), run = toint(customDimensions.run), reason = message
| order by timestamp desc
'''
  }
  {
    id: guid(namePrefix, 'completed')
    displayName: 'lakewire: completed onboardings'
    description: 'Workspaces whose last step completed, with when and in which run.'
    body: '''
traces
| where tostring(customDimensions.outcome) == "COMPLETED"
| summarize completedAt = max(timestamp), runs = dcount(toint(customDimensions.run)) by workspaceId = tostring(customDimensions.workspaceId)
| order by completedAt desc
'''
  }
  {
    id: guid(namePrefix, 'timeline')
    displayName: 'lakewire: one workspace\'s timeline'
    description: 'Every line logged while a step message of one workspace ran (set the id in the first line), including the SDKs\' own lines.'
    body: '''
let workspace = "/subscriptions/<subscription>/resourceGroups/<rg>/providers/Microsoft.Databricks/workspaces/<name>";
traces
| where tostring(customDimensions.workspaceId) =~ workspace
| project timestamp, step = tostring(customDimensions.step), generation = toint(customDimensions.generation), run = toint(customDimensions.run), outcome = tostring(customDimensions.outcome), severityLevel, message
| order by timestamp asc
'''
  }
]

resource queries 'Microsoft.OperationalInsights/queryPacks/queries@2019-09-01' = [
  for q in savedQueries: {
    parent: queryPack
    name: q.id
    properties: {
      displayName: q.displayName
      description: q.description
      body: q.body
      related: {
        categories: [
          'applications'
        ]
        resourceTypes: [
          'microsoft.insights/components'
        ]
      }
      tags: {
        labels: [
          'lakewire'
        ]
      }
    }
  }
]

output actionGroupId string = actionGroup.id
output queryPackId string = queryPack.id
