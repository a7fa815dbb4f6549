// On one target ADLS Gen2 account: Role Based Access Control Administrator for lakewire, with an
// ABAC condition (conditionVersion 2.0) so that lakewire can add and remove role assignments of
// the selected data roles only, and only for service principals (the Access Connectors' managed
// identities). Never Owner or User Access Administrator. The role also reads the account
// (*/read), which lakewire does before granting.
//
// Condition syntax: "Constrain roles and principal types",
// https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples
param storageAccountName string
param principalId string

@description('The data role GUIDs lakewire may assign (the selected subset of facts.json grantableStorageRoles).')
param roleGuids array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var rbacAdministrator = facts.builtInRoles['Role Based Access Control Administrator']

var roleSet = '{${join(roleGuids, ', ')}}'
var principalTypes = '{\'ServicePrincipal\'}'
// Adding (or changing) a role assignment: the request must name an allowed role and principal type.
var writeBranch = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${roleSet} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase ${principalTypes})'
// Removing one: the existing assignment must be of an allowed role and principal type.
var deleteBranch = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${roleSet} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase ${principalTypes})'
var condition = '(${writeBranch}) AND (${deleteBranch})'

resource constrainedRbacAdministrator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, rbacAdministrator)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    condition: condition
    conditionVersion: '2.0'
    description: 'lakewire: grant Access Connectors the configured storage data roles (ABAC-constrained)'
  }
}

output condition string = condition
