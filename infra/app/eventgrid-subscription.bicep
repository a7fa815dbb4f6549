// The subscription's system topic and the event subscription that sends every successful
// Microsoft.Databricks/workspaces/write (onboarding) and workspaces/delete (offboarding) to
// onWorkspaceEvent, with retries and a blob dead-letter
// destination written with a user-assigned identity (no storage key).
param systemTopicName string

@description('/subscriptions/<id>: the Azure subscription whose resource events are delivered.')
param sourceSubscriptionId string

@description('<function app id>/functions/<function name>')
param functionEndpointResourceId string
param eventGridIdentityResourceId string
param deadLetterStorageAccountId string
param deadLetterContainerName string
param tags object = {}

// The events lakewire acts on (../facts.json workspaceEvents; dev.lakewire.onboarding.worker.WorkspaceEvents
// reads the same file): the filter lets through exactly these types and operations.
var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var workspaceEvents = [facts.workspaceEvents.onboarding, facts.workspaceEvents.offboarding]

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  // Azure subscription system topics are global.
  location: 'global'
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${eventGridIdentityResourceId}': {}
    }
  }
  properties: {
    source: sourceSubscriptionId
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource workspaceWrites 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'lakewire-databricks-workspace-writes'
  properties: {
    destination: {
      // Event Grid resolves the function's key itself: no key in this template or the hook.
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionEndpointResourceId
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: map(workspaceEvents, e => e.eventType)
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: map(workspaceEvents, e => e.operationName)
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: eventGridIdentityResourceId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output systemTopicId string = systemTopic.id
output eventSubscriptionName string = workspaceWrites.name
